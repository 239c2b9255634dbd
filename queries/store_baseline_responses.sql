-- name: store_baseline_responses(batch_id, wave_id)
-- Keeps every row of staged_baseline as this batch's submissions to survey wave $wave_id (one
-- per person).
insert into baseline_submission (
    batch_id, wave_id, person_id, submitted_at, life_stages, organisation, organisation_other,
    practice_use_score, interest
)
select
    $batch_id, $wave_id, map.person_id, staged.submitted_at, coalesce(staged.life_stages, []),
    staged.organisation, staged.organisation_other, staged.practice_use_score, staged.interest
from staged_baseline as staged
join staged_person_map as map using (source_row);
