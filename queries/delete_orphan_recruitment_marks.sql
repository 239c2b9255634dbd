-- name: delete_orphan_recruitment_marks()
-- Removes the recruitment marks of people no longer in the data (their batches undone).
delete from recruitment_mark where person_id not in (select person_id from person);
