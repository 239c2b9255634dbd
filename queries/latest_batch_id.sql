-- name: latest_batch_id()
-- One value: the newest batch_id (0 before the first load).
select coalesce(max(batch_id), 0) as batch_id from upload_batch;
