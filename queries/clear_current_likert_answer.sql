-- name: clear_current_likert_answer(cohort_id)
-- Removes the cohort's current Likert answers, before insert_current_likert_answer puts back the
-- newest loaded batch's for each participant and statement.
delete from likert_answer where cohort_id = $cohort_id;
