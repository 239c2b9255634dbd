-- name: person_by_email(email)
-- The person with this e-mail (trimmed, case-folded), if any.
select person_id from person where email = lower(trim($email));
