-- name: delete_batch_comms_event(batch_id)
-- Removes the comms_event rows a batch loaded.
delete from comms_event where batch_id = $batch_id;
