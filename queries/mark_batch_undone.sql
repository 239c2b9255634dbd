-- name: mark_batch_undone(batch_id)
-- Marks a batch as undone (its rows stop counting).
update upload_batch set status = 'undone' where batch_id = $batch_id;
