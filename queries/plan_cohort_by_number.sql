-- name: plan_cohort_by_number(life_stage, cohort_number)
-- One row (or none): the cohort with this life stage and number, cancelled or not.
select cohort_id, is_cancelled
from cohort
where life_stage = $life_stage and cohort_number = $cohort_number;
