-- name: clear_baseline_responses(batch_id)
-- Removes the people of batch $batch_id from baseline_response, before their latest
-- submission among batches still loaded is put back (a newer export replaces, an undo restores).
delete from baseline_response
where person_id in (select person_id from baseline_submission where batch_id = $batch_id);
