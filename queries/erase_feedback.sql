-- name: erase_feedback(person_id)
-- Erasure: removes the person's rows from feedback.
delete from feedback where person_id = $person_id;
