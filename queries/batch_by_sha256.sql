-- name: batch_by_sha256(sha256, kind)
-- The loaded batch of this kind with this file fingerprint, if any (a re-upload is a no-op).
select batch_id, file_name, uploaded_by, uploaded_at
from upload_batch
where sha256 = $sha256 and kind = $kind and status = 'loaded'
order by batch_id desc
limit 1;
