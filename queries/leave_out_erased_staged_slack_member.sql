-- name: leave_out_erased_staged_slack_member(salt)
-- Removes from staged_slack_member the users whose profile e-mail was erased (erased_email holds
-- sha256($salt || e-mail)); one row per user removed.
delete from staged_slack_member
where sha256($salt || lower(trim(email))) in (select email_hash from erased_email)
returning user_id;
