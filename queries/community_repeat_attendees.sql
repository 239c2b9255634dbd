-- name: community_repeat_attendees()
-- One row per number of sessions attended (1, 2, ...), fewest first: n_sessions, n_attendees
-- (people who came to that many of the Show & Tells and webinars loaded; the same meeting
-- loaded twice counts once). A person is their e-mail (trimmed, case-folded), or their name as
-- the report writes it when it has no e-mail, so a guest who wrote their name differently is
-- counted twice. No personal data out.
with attended as (
    select attendee.attendee_key, count(distinct event.batch_id) as n_sessions
    from current_attendance_event as event
    join attendee using (batch_id)
    group by attendee.attendee_key
)

select n_sessions, count(*) as n_attendees
from attended
group by n_sessions
order by n_sessions;
