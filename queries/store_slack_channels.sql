-- name: store_slack_channels(batch_id)
-- Writes the staged public channels of a Slack export (staged_slack_channel).
insert into slack_export_channel (
    batch_id, channel_id, channel_name, created_at, is_archived, is_general, n_channel_members
)
select
    $batch_id, channel_id, channel_name, created_at, is_archived, is_general, n_channel_members
from staged_slack_channel;
