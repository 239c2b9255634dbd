-- name: delete_batch_likert_answer(batch_id)
-- Removes the likert_answer rows a batch loaded.
delete from likert_answer where batch_id = $batch_id;
