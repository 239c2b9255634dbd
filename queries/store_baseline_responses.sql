-- name: store_baseline_responses(batch_id)
-- Writes staged_baseline into baseline_response, one row per person: a newer submission of
-- the same person replaces the older one, so a re-exported survey never double counts.
insert into baseline_response (
    person_id, batch_id, submitted_at, life_stages, organisation, organisation_other,
    practice_use_score, interest
)
select
    map.person_id, $batch_id, staged.submitted_at, staged.life_stages, staged.organisation,
    staged.organisation_other, staged.practice_use_score, staged.interest
from staged_baseline as staged
join staged_person_map as map using (source_row)
on conflict (person_id) do update set
    batch_id = excluded.batch_id,
    submitted_at = excluded.submitted_at,
    life_stages = excluded.life_stages,
    organisation = excluded.organisation,
    organisation_other = excluded.organisation_other,
    practice_use_score = excluded.practice_use_score,
    interest = excluded.interest
where excluded.submitted_at is null
    or baseline_response.submitted_at is null
    or excluded.submitted_at >= baseline_response.submitted_at;
