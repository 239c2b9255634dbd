-- name: community_attendees(batch_id)
-- PERSONAL DATA (leads and admins only). One row per attendee of the event loaded as
-- $batch_id, longest first: display_name (as the report writes it), email (null for guests),
-- minutes (all joins), n_joins, is_from_pilot (a pilot participant's e-mail).
select
    attendee.display_name,
    attendee.email,
    round(attendee.attended_seconds / 60, 2) as minutes,
    attendee.n_joins,
    coalesce(lower(trim(attendee.email)) in (
        select lower(trim(person.email))
        from pilot_rating
        join person using (person_id)
        where person.email is not null
    ), false) as is_from_pilot
from attendee
where attendee.batch_id = $batch_id
order by attendee.attended_seconds desc, attendee.display_name;
