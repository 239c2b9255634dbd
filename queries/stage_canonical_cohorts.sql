-- name: stage_canonical_cohorts(path)
-- Stages a canonical rollout-plan CSV as temp table staged_cohort: one row per cohort.
create or replace temp table staged_cohort as
select
    row_number() over () + 1 as source_row,
    trim(life_stage) as life_stage,
    try_cast(cohort_number as integer) as cohort_number,
    try_cast(start_date as date) as start_date,
    try_cast(end_date as date) as end_date,
    coalesce(try_cast(nullif(trim(places), '') as integer), 11) as places,
    nullif(trim(location), '') as location,
    coalesce(nullif(lower(trim(status)), ''), 'active') as status
from read_csv($path, all_varchar = true, header = true);
