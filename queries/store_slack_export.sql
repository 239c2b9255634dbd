-- name: store_slack_export(batch_id)
-- Writes the staged Slack export's summary row (staged_slack_export) under the batch.
insert into slack_export (
    batch_id, workspace_id, n_channels, n_users, n_members, n_messages_counted,
    first_message_at, last_message_at
)
select
    $batch_id, workspace_id, n_channels, n_users, n_members, n_messages_counted,
    first_message_at, last_message_at
from staged_slack_export;
