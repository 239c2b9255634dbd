-- name: delete_batch_feedback(batch_id)
-- Removes the feedback rows a batch loaded.
delete from feedback where batch_id = $batch_id;
