-- name: store_feedback_file(batch_id, cohort_id)
-- Writes a feedback file's staged_feedback into feedback, linking known people by e-mail only.
insert into feedback (cohort_id, person_id, kind, feedback_text, batch_id)
select $cohort_id, person.person_id, staged.kind, staged.text, $batch_id
from staged_feedback as staged
left join person on person.email = staged.email;
