-- name: erase_baseline_submission(person_id)
-- Erasure: removes the person's rows from baseline_submission.
delete from baseline_submission where person_id = $person_id;
