-- name: delete_batch_superseded_cohorts(batch_id)
-- Removes what an undone batch kept of the cohorts it replaced, and the versions of its own
-- that later uploads kept (those uploads now count as adding the cohort).
delete from cohort_superseded where superseded_by = $batch_id or batch_id = $batch_id;
