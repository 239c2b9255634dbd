-- name: erase_attendee(email)
-- Erasure: removes the attendance rows, of every event, of the person with e-mail $email
-- (trimmed, case-folded); returns the number of rows removed.
delete from attendee
where lower(trim(email)) = lower(trim($email));
