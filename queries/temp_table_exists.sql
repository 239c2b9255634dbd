-- name: temp_table_exists(table_name)
-- One row: whether this connection has a temp table of that name.
select count(*) > 0 as found
from duckdb_tables()
where table_name = $table_name and temporary;
