-- name: mark_batch_undone(batch_id, undone_by)
-- Marks a batch as undone (its rows stop counting), with who undid it and when.
update upload_batch
set status = 'undone', undone_by = $undone_by, undone_at = current_timestamp
where batch_id = $batch_id;
