-- name: plan_comms_events()
-- One row per communications event (Show & Tell, newsletter, service-lead meeting), by date.
select event_id, event_date, kind, title
from comms_event
order by event_date, event_id;
