-- name: leave_out_erased_staged_feedback(salt)
-- Removes from staged_feedback the rows of people whose e-mail was erased (erased_email holds
-- sha256($salt || e-mail)); one row per row removed: its source_row.
delete from staged_feedback
where sha256($salt || lower(trim(email))) in (select email_hash from erased_email)
returning source_row;
