-- name: store_likert_answers(batch_id, cohort_id)
-- Keeps staged_likert as this batch's rows of likert_answer_loaded: one row per participant and
-- statement (insert_current_likert_answer then makes them current).
insert or replace into likert_answer_loaded (batch_id, cohort_id, person_id, statement_id, level)
select $batch_id, $cohort_id, map.person_id, statement.statement_id, staged.level
from staged_likert as staged
join staged_person_map as map using (source_row)
join statement on statement.statement_text = staged.statement;
