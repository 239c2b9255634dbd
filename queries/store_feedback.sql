-- name: store_feedback(batch_id, cohort_id)
-- Writes staged_feedback into feedback (a row without a person is cohort-level, e.g. the retrospective).
insert into feedback (cohort_id, person_id, kind, feedback_text, batch_id)
select $cohort_id, map.person_id, staged.kind, staged.text, $batch_id
from staged_feedback as staged
left join staged_person_map as map
    on map.source_row = staged.source_row and (staged.email is not null or staged.external_ref is not null);
