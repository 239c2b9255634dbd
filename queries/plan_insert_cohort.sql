-- name: plan_insert_cohort(life_stage, cohort_number, start_date, end_date, places, location)
-- Adds one cohort to the plan; returns its cohort_id.
insert into cohort (life_stage, cohort_number, start_date, end_date, places, location)
values ($life_stage, $cohort_number, $start_date, $end_date, $places, $location)
returning cohort_id;
