-- name: store_attendance_event(batch_id)
-- Writes the staged meeting of an attendance report (staged_attendance_event) under the batch.
insert into attendance_event (batch_id, kind, title, meeting_title, started_at, event_date)
select $batch_id, kind, title, meeting_title, started_at, event_date
from staged_attendance_event;
