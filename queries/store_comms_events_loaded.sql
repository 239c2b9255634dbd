-- name: store_comms_events_loaded(batch_id)
-- Keeps every event of staged_comms_event as listed by this batch (comms_event_loaded), those
-- already recorded included: undoing the upload that recorded one hands it to this one.
insert into comms_event_loaded (batch_id, event_date, kind, title)
select $batch_id, event_date, kind, title
from staged_comms_event;
