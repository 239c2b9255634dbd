-- name: erase_pilot_rating_loaded(person_id)
-- Erasure: removes the person's rows from pilot_rating_loaded.
delete from pilot_rating_loaded where person_id = $person_id;
