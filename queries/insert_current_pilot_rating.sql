-- name: insert_current_pilot_rating(cohort_id)
-- Makes the cohort's current pilot ratings: one row per participant and phase, from the newest
-- batch that holds one (a newer export replaces; an undone batch's rows are already gone).
insert into pilot_rating (
    cohort_id, person_id, phase, submitted_at, organisation, practice_use_score, batch_id
)
select cohort_id, person_id, phase, submitted_at, organisation, practice_use_score, batch_id
from pilot_rating_loaded
where cohort_id = $cohort_id
qualify row_number() over (partition by person_id, phase order by batch_id desc) = 1;
