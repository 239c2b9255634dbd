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

    select distinct
        response.person_id,
        response.life_stages,
        response.organisation,
        response.interest
    from attendees
    join person on lower(trim(person.email)) = attendees.email
    join baseline_response as response using (person_id);
