-- name: leave_out_erased_staged_attendee(salt)
-- Removes from staged_attendee the attendees whose e-mail was erased (erased_email holds
-- sha256($salt || e-mail)); one row per attendee removed.
delete from staged_attendee
where sha256($salt || lower(trim(email))) in (select email_hash from erased_email)
returning attendee_key;
