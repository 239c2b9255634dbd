-- name: clear_baseline_responses(batch_id)
-- Removes the people of batch $batch_id from baseline_response in the batch's survey wave (other
-- waves keep theirs), before their latest submission among batches still loaded is put back (a
-- newer export replaces, an undo restores).
delete from baseline_response
where (wave_id, person_id) in (
    select (wave_id, person_id) from baseline_submission where batch_id = $batch_id
);
