-- name: clear_current_feedback(cohort_id)
-- Removes the cohort's current feedback, before insert_current_feedback puts back each
-- person's texts from the newest loaded batch.
delete from feedback where cohort_id = $cohort_id;
