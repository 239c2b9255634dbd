-- name: clear_current_pilot_rating(cohort_id)
-- Removes the cohort's current pilot ratings, before insert_current_pilot_rating puts back the
-- newest loaded batch's for each participant and phase.
delete from pilot_rating where cohort_id = $cohort_id;
