-- name: delete_batch_cohort(batch_id)
-- Removes the cohorts a batch added to the plan, unless evaluation data or a recruitment mark
-- refers to them.
delete from cohort
where batch_id = $batch_id
    and cohort_id not in (select cohort_id from pilot_rating)
    and cohort_id not in (select cohort_id from feedback)
    and cohort_id not in (select cohort_id from recruitment_mark);
