-- name: store_likert_answers(batch_id, cohort_id)
-- Writes staged_likert into likert_answer: one row per participant and statement.
insert or replace into likert_answer (cohort_id, person_id, statement_id, level, batch_id)
select $cohort_id, map.person_id, statement.statement_id, staged.level, $batch_id
from staged_likert as staged
join staged_person_map as map using (source_row)
join statement on statement.statement_text = staged.statement;
