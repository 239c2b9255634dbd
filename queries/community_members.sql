-- name: community_members()
-- PERSONAL DATA (leads and admins only). One row per user of the newest Slack exports, members
-- first then by name: user_id, display_name, real_name, email, is_member, is_deleted, is_bot,
-- is_guest, n_messages (counted), last_message_at (UTC).
select
    member.user_id,
    member.display_name,
    member.real_name,
    member.email,
    member.is_member,
    member.is_deleted,
    member.is_bot,
    member.is_guest,
    count(message.ts) as n_messages,
    max(message.posted_at) as last_message_at
from slack_member as member
left join slack_message as message
    on message.user_id = member.user_id and message.is_counted
group by
    member.user_id, member.display_name, member.real_name, member.email, member.is_member,
    member.is_deleted, member.is_bot, member.is_guest
order by member.is_member desc, lower(coalesce(member.real_name, member.display_name));
