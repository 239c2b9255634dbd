-- name: community_events()
-- One row per Show & Tell or webinar (the same meeting loaded twice counts once), by date:
-- batch_id, title, event_date, kind (teams / zoom), n_attendees, minutes_median (the median
-- attendee's minutes over all their joins, 2 decimals), n_from_pilot (attendees whose e-mail,
-- case-folded, is a pilot participant's). No personal data out.
with pilot_emails as (
    select distinct lower(trim(person.email)) as email
    from pilot_rating
    join person using (person_id)
    where person.email is not null
)

select
    event.batch_id,
    event.title,
    event.event_date,
    event.kind,
    count(attendee.attendee_key) as n_attendees,
    round(median(attendee.attended_seconds) / 60, 2) as minutes_median,
    count(attendee.attendee_key) filter (
        where lower(trim(attendee.email)) in (select email from pilot_emails)
    ) as n_from_pilot
from current_attendance_event as event
left join attendee using (batch_id)
group by event.batch_id, event.title, event.event_date, event.kind
order by event.event_date, event.title, event.batch_id;
