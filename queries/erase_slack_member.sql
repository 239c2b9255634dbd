-- name: erase_slack_member(email)
-- Erasure: removes the Slack users, in every export loaded, whose profile e-mail is $email
-- (trimmed, case-folded); returns the number of rows removed. Run after erase_slack_messages.
delete from slack_export_member
where lower(trim(email)) = lower(trim($email));
