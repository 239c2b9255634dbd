-- name: data_version()
-- One row: the current data version.
select version from data_version;
