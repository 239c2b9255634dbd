-- name: erase_person(person_id)
-- Erasure: removes the person's rows from person.
delete from person where person_id = $person_id;
