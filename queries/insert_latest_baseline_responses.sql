-- name: insert_latest_baseline_responses(batch_id)
-- Inserts, for the people in batch $batch_id, their latest submission in a batch still loaded:
-- one row per person (latest submitted_at, then the newest batch).
insert into baseline_response (
    person_id, batch_id, submitted_at, life_stages, organisation, organisation_other,
    practice_use_score, interest
)
select
    submission.person_id, submission.batch_id, submission.submitted_at, submission.life_stages,
    submission.organisation, submission.organisation_other, submission.practice_use_score,
    submission.interest
from baseline_submission as submission
join upload_batch using (batch_id)
where upload_batch.status = 'loaded'
    and submission.person_id in (select person_id from baseline_submission where batch_id = $batch_id)
qualify row_number() over (
    partition by submission.person_id
    order by submission.submitted_at desc nulls last, submission.batch_id desc
) = 1;
