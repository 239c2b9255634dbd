-- name: delete_batch_pilot_rating(batch_id)
-- Removes the pilot_rating rows a batch loaded.
delete from pilot_rating where batch_id = $batch_id;
