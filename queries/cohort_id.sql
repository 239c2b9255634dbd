-- name: cohort_id(life_stage, cohort_number)
-- The cohort's id, or no row if the plan has no such cohort.
select cohort_id from cohort where life_stage = $life_stage and cohort_number = $cohort_number;
