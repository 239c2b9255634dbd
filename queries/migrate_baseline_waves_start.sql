-- name: migrate_baseline_waves_start()
-- Survey waves, step 1 of 2 (one transaction, before queries/schema.sql): moves the baseline
-- tables from before waves aside, so the schema creates them keyed by wave. DuckDB cannot
-- change a primary key in place, hence new tables and a copy.
alter table baseline_response rename to baseline_response_before_waves;
alter table baseline_submission rename to baseline_submission_before_waves;
drop view if exists baseline_counts;
drop table if exists baseline_cube;
