-- name: insert_latest_baseline_responses(batch_id)
-- Inserts, for the people in batch $batch_id, their latest submission to the batch's survey wave
-- in a batch still loaded: one row per wave and person (latest submitted_at, then the newest
-- batch).
insert into baseline_response (
    wave_id, person_id, batch_id, submitted_at, life_stages, organisation, organisation_other,
    practice_use_score, interest
)
with this_batch as (
    select wave_id, person_id
    from baseline_submission
    where batch_id = $batch_id
),

loaded as (
    select submission.*
    from baseline_submission as submission
    join upload_batch using (batch_id)
    where
        upload_batch.status = 'loaded'
        and submission.wave_id in (select wave_id from this_batch)
),

in_other_batches as (
    select distinct wave_id, person_id
    from loaded
    where
        batch_id <> $batch_id
        and (wave_id, person_id) in (select (wave_id, person_id) from this_batch)
)

-- Someone with no submission to the wave in another loaded batch keeps this batch's (if it is
-- loaded): no ranking needed, which on a first load is everyone.
select
    wave_id, person_id, batch_id, submitted_at, life_stages, organisation, organisation_other,
    practice_use_score, interest
from loaded
where
    batch_id = $batch_id
    and (wave_id, person_id) not in (select (wave_id, person_id) from in_other_batches)
union all
(
    select
        wave_id, person_id, batch_id, submitted_at, life_stages, organisation,
        organisation_other, practice_use_score, interest
    from loaded
    where (wave_id, person_id) in (select (wave_id, person_id) from in_other_batches)
    qualify row_number() over (
        partition by wave_id, person_id order by submitted_at desc nulls last, batch_id desc
    ) = 1
);
