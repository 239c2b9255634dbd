-- name: delete_batch_attendee(batch_id)
-- Removes the attendee rows a batch loaded (no personal data stays behind).
delete from attendee where batch_id = $batch_id;
