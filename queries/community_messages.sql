-- name: community_messages(channel_name)
-- PERSONAL DATA (leads and admins only). One row per counted message, newest first, of one
-- channel (or every channel when $channel_name is null): channel_name, posted_at (UTC),
-- author (Slack display name, else real name), is_reply, reply_count, n_links, message_text
-- (Slack markup as exported), channel_id and ts (the message's key, to pick it as a quote).
select
    channel.channel_name,
    message.posted_at,
    coalesce(member.display_name, member.real_name, member.username) as author,
    message.is_reply,
    message.reply_count,
    message.n_links,
    message.message_text,
    message.channel_id,
    message.ts
from slack_message as message
join slack_channel as channel using (channel_id)
left join slack_member as member using (user_id)
where
    message.is_counted
    and ($channel_name::varchar is null or channel.channel_name = $channel_name::varchar)
order by message.posted_at desc;
