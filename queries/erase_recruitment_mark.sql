-- name: erase_recruitment_mark(person_id)
-- Erasure: removes the person's rows from recruitment_mark.
delete from recruitment_mark where person_id = $person_id;
