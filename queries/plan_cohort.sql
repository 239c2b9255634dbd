-- name: plan_cohort(cohort_id)
-- One row (or none) for the cohort: its plan entry and whether pilot data is loaded for it.
select
    cohort.cohort_id,
    cohort.life_stage,
    cohort.cohort_number,
    cohort.life_stage || ' #' || cohort.cohort_number as cohort_label,
    cohort.start_date,
    cohort.end_date,
    cohort.places,
    cohort.location,
    cohort.is_cancelled,
    exists (
        select 1 from pilot_rating where pilot_rating.cohort_id = cohort.cohort_id
    ) as has_pilot_data
from cohort
where cohort.cohort_id = $cohort_id;
