-- name: restore_listed_comms_events(batch_id)
-- Records again each event another upload lists that is no longer recorded (its recording
-- upload, $batch_id, being undone), as the oldest such upload gave it.
insert into comms_event (event_date, kind, title, batch_id)
select event_date, kind, title, batch_id
from comms_event_loaded as listed
where
    batch_id <> $batch_id
    and not exists (
        select 1
        from comms_event as known
        where known.event_date = listed.event_date and known.title = listed.title
    )
qualify row_number() over (partition by event_date, title order by batch_id) = 1;
