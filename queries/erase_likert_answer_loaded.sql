-- name: erase_likert_answer_loaded(person_id)
-- Erasure: removes the person's rows from likert_answer_loaded.
delete from likert_answer_loaded where person_id = $person_id;
