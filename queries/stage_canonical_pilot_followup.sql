-- name: stage_canonical_pilot_followup()
-- A canonical pilot follow-up CSV (staged_canonical_pilot_raw, as the template has it) as temp
-- table staged_pilot_response: one row per participant, wave 'followup' (the months-later
-- survey keeps the 0-10 self-rating only, so no Likert answers or texts are staged).
create or replace temp table staged_pilot_response as
select
    source_row,
    'followup' as wave,
    try_cast(submitted_at as timestamp) as submitted_at,
    nullif(lower(trim(email)), '') as email,
    null::varchar as external_ref,
    nullif(trim(name), '') as name,
    nullif(trim(team), '') as team,
    nullif(trim(organisation), '') as organisation,
    nullif(trim(organisation_other), '') as organisation_other,
    try_cast(practice_use_score as integer) as practice_use_score
from staged_canonical_pilot_raw;
