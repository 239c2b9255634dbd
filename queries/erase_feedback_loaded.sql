-- name: erase_feedback_loaded(person_id)
-- Erasure: removes the person's rows from feedback_loaded.
delete from feedback_loaded where person_id = $person_id;
