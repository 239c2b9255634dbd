-- name: delete_batch_feedback_loaded(batch_id)
-- Removes the feedback_loaded rows a batch loaded (no personal data stays behind).
delete from feedback_loaded where batch_id = $batch_id;
