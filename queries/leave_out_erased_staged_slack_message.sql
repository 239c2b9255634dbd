-- name: leave_out_erased_staged_slack_message(salt)
-- Removes from staged_slack_message the messages of Slack users whose profile e-mail was erased
-- (erased_email holds sha256($salt || e-mail)); run before their users go. One row per message.
delete from staged_slack_message
where user_id in (
    select user_id from staged_slack_member
    where sha256($salt || lower(trim(email))) in (select email_hash from erased_email)
)
returning user_id;
