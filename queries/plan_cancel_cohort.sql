-- name: plan_cancel_cohort(cohort_id)
-- Marks the cohort cancelled (it keeps its number and stays in the history); returns its id.
update cohort
set is_cancelled = true
where cohort_id = $cohort_id
returning cohort_id;
