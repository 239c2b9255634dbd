-- name: delete_batch_likert_answer_loaded(batch_id)
-- Removes the likert_answer_loaded rows a batch loaded (no personal data stays behind).
delete from likert_answer_loaded where batch_id = $batch_id;
