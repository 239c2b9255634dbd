-- name: bump_data_version()
-- Marks that data changed (cached query results keyed on the version refresh).
update data_version set version = version + 1;
