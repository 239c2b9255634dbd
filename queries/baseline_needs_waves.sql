-- name: baseline_needs_waves()
-- One value: whether the database holds baseline_response in its layout from before survey
-- waves (no wave_id), to be migrated when it is opened.
select
    count(*) filter (where column_name = 'person_id') > 0
    and count(*) filter (where column_name = 'wave_id') = 0 as needs_waves
from duckdb_columns()
where schema_name = 'main' and table_name = 'baseline_response' and not internal;
