-- name: plan_next_cohort_number(life_stage)
-- One row: the first cohort number not yet used for the life stage (cancelled cohorts keep theirs).
select coalesce(max(cohort_number), 0) + 1 as next_cohort_number
from cohort
where life_stage = $life_stage;
