-- name: erase_baseline_response(person_id)
-- Erasure: removes the person's rows from baseline_response.
delete from baseline_response where person_id = $person_id;
