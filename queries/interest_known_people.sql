-- name: interest_known_people(person_ids)
-- One row per id in $person_ids that is a respondent who answered Yes or Maybe in the latest
-- survey wave.
select person_id
from baseline_response
where
    wave_id = latest_wave_id()
    and list_contains($person_ids::integer[], person_id)
    and interest in ('Yes', 'Maybe');
