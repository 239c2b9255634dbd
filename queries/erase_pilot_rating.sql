-- name: erase_pilot_rating(person_id)
-- Erasure: removes the person's rows from pilot_rating.
delete from pilot_rating where person_id = $person_id;
