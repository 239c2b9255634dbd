-- name: community_summary(portal_host)
-- One row: the Community of Practice workspace as its newest exports have it. n_members (not
-- deactivated, not bots), n_posting_members (members with a counted message), n_messages,
-- n_replies, n_threads (counted messages with a reply), n_links ('<http' in counted messages),
-- split into n_portal_links (to $portal_host or its subdomains) and n_external_links; the first
-- and last counted message (UTC) and n_exports loaded. No personal data.
with counted as (
    select
        user_id,
        is_reply,
        reply_count,
        n_links,
        posted_at,
        len(list_filter(
            link_hosts, lambda host: host = $portal_host or ends_with(host, '.' || $portal_host)
        )) as n_portal_links
    from slack_message
    where is_counted
),

members as (
    select user_id from slack_member where is_member
),

messages as (
    select
        count(*) as n_messages,
        count(*) filter (where is_reply) as n_replies,
        count(*) filter (where reply_count >= 1) as n_threads,
        coalesce(sum(n_links), 0) as n_links,
        coalesce(sum(n_portal_links), 0) as n_portal_links,
        count(distinct user_id) filter (where user_id in (select user_id from members))
            as n_posting_members,
        min(posted_at) as first_message_at,
        max(posted_at) as last_message_at
    from counted
)

select
    (select count(*) from members) as n_members,
    messages.n_posting_members,
    messages.n_messages,
    messages.n_replies,
    messages.n_threads,
    messages.n_links::bigint as n_links,
    messages.n_portal_links::bigint as n_portal_links,
    (messages.n_links - messages.n_portal_links)::bigint as n_external_links,
    messages.first_message_at,
    messages.last_message_at,
    (select count(*) from slack_export) as n_exports
from messages;
