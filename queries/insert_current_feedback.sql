-- name: insert_current_feedback(cohort_id)
-- Makes the cohort's current feedback: one row per text. Each person's texts come from the
-- newest loaded batch of the same kind of upload (a pilot survey's answers, a feedback file)
-- that holds texts of theirs; texts without a person, from the newest such batch with some. So
-- a newer export replaces the texts instead of adding them again.
insert into feedback (feedback_id, cohort_id, person_id, kind, feedback_text, batch_id)
select text.feedback_id, text.cohort_id, text.person_id, text.kind, text.feedback_text, batch_id
from feedback_loaded as text
join upload_batch using (batch_id)
where text.cohort_id = $cohort_id and upload_batch.status = 'loaded'
qualify batch_id = max(batch_id) over (partition by upload_batch.kind, text.person_id);
