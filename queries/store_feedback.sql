-- name: store_feedback(batch_id, cohort_id)
-- Keeps staged_feedback as this batch's rows of feedback_loaded (a row without a person is
-- cohort-level, e.g. the retrospective); insert_current_feedback then makes them current.
insert into feedback_loaded (feedback_id, batch_id, cohort_id, person_id, kind, feedback_text)
select nextval('seq_feedback_id'), $batch_id, $cohort_id, map.person_id, staged.kind, staged.text
from staged_feedback as staged
left join staged_person_map as map
    on map.source_row = staged.source_row and (staged.email is not null or staged.external_ref is not null);
