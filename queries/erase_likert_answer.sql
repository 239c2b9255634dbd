-- name: erase_likert_answer(person_id)
-- Erasure: removes the person's rows from likert_answer.
delete from likert_answer where person_id = $person_id;
