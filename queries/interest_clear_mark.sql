-- name: interest_clear_mark(person_ids)
-- Removes the recruitment mark of each person (back to "interested").
delete from recruitment_mark
where list_contains($person_ids::integer[], person_id);
