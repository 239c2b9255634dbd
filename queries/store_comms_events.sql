-- name: store_comms_events(batch_id)
-- Writes staged_comms_event into comms_event, skipping events already recorded.
insert into comms_event (event_date, kind, title, batch_id)
select event_date, kind, title, $batch_id
from staged_comms_event as staged
where not exists (
    select 1 from comms_event as known
    where known.event_date = staged.event_date and known.title = staged.title
);
