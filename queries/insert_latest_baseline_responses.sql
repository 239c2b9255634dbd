-- name: insert_latest_baseline_responses(batch_id)
-- Inserts, for the people in batch $batch_id, their latest submission in a batch still loaded:
-- one row per person (latest submitted_at, then the newest batch).
insert into baseline_response (
    person_id, batch_id, submitted_at, life_stages, organisation, organisation_other,
    practice_use_score, interest
)
with loaded as (
    select submission.*
    from baseline_submission as submission
    join upload_batch using (batch_id)
    where upload_batch.status = 'loaded'
),

in_other_batches as (
    select distinct person_id
    from loaded
    where
        batch_id <> $batch_id
        and person_id in (select person_id from baseline_submission where batch_id = $batch_id)
)

-- Someone with no submission in another loaded batch keeps this batch's (if it is loaded):
-- no ranking needed, which on a first load is everyone.
select
    person_id, batch_id, submitted_at, life_stages, organisation, organisation_other,
    practice_use_score, interest
from loaded
where batch_id = $batch_id and person_id not in (select person_id from in_other_batches)
union all
(
    select
        person_id, batch_id, submitted_at, life_stages, organisation, organisation_other,
        practice_use_score, interest
    from loaded
    where person_id in (select person_id from in_other_batches)
    qualify row_number() over (
        partition by person_id order by submitted_at desc nulls last, batch_id desc
    ) = 1
);
