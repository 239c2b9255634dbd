-- name: upload_batch(batch_id)
-- One row: the batch's kind and status.
select batch_id, kind, status, file_name from upload_batch where batch_id = $batch_id;
