-- name: upload_history(n_latest)
-- One row per load, newest first: who, when, which file and tool, kind, rows, warnings, status,
-- and who undid it and when (NULL while it is loaded).
select
    batch_id, uploaded_at, uploaded_by, file_name, source_format, kind, n_rows, n_warnings, status,
    undone_by, undone_at
from upload_batch
order by batch_id desc
limit $n_latest;
