-- name: plan_move_cohort(cohort_id, start_date, end_date, places, location)
-- Gives the cohort new dates, places and location; returns its cohort_id.
update cohort
set start_date = $start_date, end_date = $end_date, places = $places, location = $location
where cohort_id = $cohort_id
returning cohort_id;
