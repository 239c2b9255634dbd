-- name: store_attendees(batch_id)
-- Writes the staged attendees of an attendance report (staged_attendee), one row per person.
insert into attendee (batch_id, attendee_key, email, display_name, attended_seconds, n_joins)
select $batch_id, attendee_key, email, display_name, attended_seconds, n_joins
from staged_attendee;
