-- name: store_slack_messages(batch_id)
-- Writes the staged messages of a Slack export (staged_slack_message), one row per channel
-- and ts.
insert into slack_export_message (
    batch_id, channel_id, ts, thread_ts, is_reply, user_id, posted_at, subtype, reply_count,
    n_links, link_hosts, is_counted, message_text
)
select
    $batch_id, channel_id, ts, thread_ts, is_reply, user_id, posted_at, subtype, reply_count,
    n_links, link_hosts, is_counted, message_text
from staged_slack_message;
