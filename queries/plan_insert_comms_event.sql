-- name: plan_insert_comms_event(event_date, kind, title)
-- Adds one communications event; returns its event_id.
insert into comms_event (event_date, kind, title)
values ($event_date, $kind, $title)
returning event_id;
