-- name: store_pilot_ratings(batch_id, cohort_id)
-- Keeps staged_pilot_response as this batch's rows of pilot_rating_loaded: one row per
-- participant and phase (insert_current_pilot_rating then makes them current).
insert or replace into pilot_rating_loaded (
    batch_id, cohort_id, person_id, phase, submitted_at, organisation, practice_use_score
)
select
    $batch_id,
    $cohort_id,
    map.person_id,
    case staged.wave
        when 'pre' then 'baseline'
        when 'followup' then 'months_later'
        else 'follow_up'
    end,
    staged.submitted_at,
    staged.organisation,
    staged.practice_use_score
from staged_pilot_response as staged
join staged_person_map as map using (source_row);
