-- name: delete_batch_comms_event_loaded(batch_id)
-- Removes the comms_event_loaded rows a batch loaded.
delete from comms_event_loaded where batch_id = $batch_id;
