-- name: community_by_channel()
-- One row per public channel of the newest exports, most messages first: channel_name,
-- is_archived, n_messages (counted), n_replies, n_threads (counted messages with a reply),
-- n_posting_members, last_message_at (UTC).
-- No personal data.
select
    channel.channel_name,
    channel.is_archived,
    count(message.ts) as n_messages,
    count(message.ts) filter (where message.is_reply) as n_replies,
    count(message.ts) filter (where message.reply_count >= 1) as n_threads,
    count(distinct message.user_id) filter (
        where message.user_id in (select user_id from slack_member where is_member)
    ) as n_posting_members,
    max(message.posted_at) as last_message_at
from slack_channel as channel
left join slack_message as message
    on message.channel_id = channel.channel_id and message.is_counted
group by channel.channel_id, channel.channel_name, channel.is_archived
order by n_messages desc, channel.channel_name;
