-- name: insert_cohort(life_stage, cohort_number, start_date, end_date, places, batch_id)
-- Adds one cohort to the plan; returns its id.
insert into cohort (life_stage, cohort_number, start_date, end_date, places, batch_id)
values ($life_stage, $cohort_number, $start_date, $end_date, $places, $batch_id)
returning cohort_id;
