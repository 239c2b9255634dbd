-- name: delete_batch_pilot_rating_loaded(batch_id)
-- Removes the pilot_rating_loaded rows a batch loaded (no personal data stays behind).
delete from pilot_rating_loaded where batch_id = $batch_id;
