-- name: erase_slack_messages(email)
-- Erasure: removes every message, in every export loaded, written by a Slack user whose profile
-- e-mail is $email (trimmed, case-folded); returns the number of rows removed.
delete from slack_export_message
where user_id in (
    select user_id from slack_export_member
    where lower(trim(email)) = lower(trim($email))
);
