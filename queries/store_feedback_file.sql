-- name: store_feedback_file(batch_id, cohort_id)
-- Keeps a feedback file's staged_feedback as this batch's rows of feedback_loaded, linking known
-- people by e-mail only; insert_current_feedback then makes them current.
insert into feedback_loaded (feedback_id, batch_id, cohort_id, person_id, kind, feedback_text)
select nextval('seq_feedback_id'), $batch_id, $cohort_id, person.person_id, staged.kind, staged.text
from staged_feedback as staged
left join person on person.email = staged.email;
