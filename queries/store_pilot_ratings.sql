-- name: store_pilot_ratings(batch_id, cohort_id)
-- Writes staged_pilot_response into pilot_rating: one row per participant and phase.
insert or replace into pilot_rating (
    cohort_id, person_id, phase, submitted_at, organisation, practice_use_score, batch_id
)
select
    $cohort_id,
    map.person_id,
    case staged.wave when 'pre' then 'baseline' else 'follow_up' end,
    staged.submitted_at,
    staged.organisation,
    staged.practice_use_score,
    $batch_id
from staged_pilot_response as staged
join staged_person_map as map using (source_row);
