-- name: schema_community_sessions()
-- Creates the one definition of "a session attendee who answered the baseline survey"; safe
-- to rerun.

-- One row per person who attended a Show & Tell or webinar loaded (the same meeting loaded
-- twice counts once) and answered the system baseline survey, matched by e-mail (trimmed,
-- case-folded): person_id, life_stages, organisation, interest. Attendees without an e-mail
-- (guests, dial-ins) cannot be matched.
create or replace macro session_respondents() as table
    with attendees as (
        select distinct lower(trim(attendee.email)) as email
        from current_attendance_event as event
        join attendee using (batch_id)
        where attendee.email is not null
    )

    select
        response.person_id,
        response.life_stages,
        response.organisation,
        response.interest
    from attendees
    join person on lower(trim(person.email)) = attendees.email
    join baseline_response as response using (person_id)
    join survey_wave as wave using (wave_id)
    -- Someone who answered several survey waves counts once, with their latest answers.
    qualify row_number() over (
        partition by response.person_id
        order by wave.first_submitted desc nulls last, wave.wave_id desc
    ) = 1;
