-- name: store_slack_members(batch_id)
-- Writes the staged users of a Slack export (staged_slack_member), one row per user.
insert into slack_export_member (
    batch_id, user_id, username, real_name, display_name, email, is_deleted, is_bot, is_guest,
    is_member
)
select
    $batch_id, user_id, username, real_name, display_name, email, is_deleted, is_bot, is_guest,
    is_member
from staged_slack_member;
