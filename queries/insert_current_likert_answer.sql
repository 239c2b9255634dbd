-- name: insert_current_likert_answer(cohort_id)
-- Makes the cohort's current Likert answers: one row per participant and statement, from the
-- newest batch that holds one.
insert into likert_answer (cohort_id, person_id, statement_id, level, batch_id)
select cohort_id, person_id, statement_id, level, batch_id
from likert_answer_loaded
where cohort_id = $cohort_id
qualify row_number() over (partition by person_id, statement_id order by batch_id desc) = 1;
