-- name: insert_upload_batch(kind, file_name, sha256, source_format, uploaded_by, n_rows, n_warnings)
-- Records one load; returns its batch_id.
insert into upload_batch (kind, file_name, sha256, source_format, uploaded_by, n_rows, n_warnings)
values ($kind, $file_name, $sha256, $source_format, $uploaded_by, $n_rows, $n_warnings)
returning batch_id;
