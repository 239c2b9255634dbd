-- name: community_by_month()
-- One row per calendar month (UTC) from the first to the last counted message, months without
-- any included: month ('2021-03'), n_messages (counted), n_replies (of those, replies in a
-- thread), n_active_members (members who posted a counted message that month). No personal data.
with counted as (
    select date_trunc('month', posted_at)::date as month_start, user_id, is_reply
    from slack_message
    where is_counted
),

months as (
    select unnest(generate_series(min(month_start), max(month_start), interval 1 month))::date
        as month_start
    from counted
    having count(*) > 0
)

select
    strftime(months.month_start, '%Y-%m') as month,
    count(counted.user_id) as n_messages,
    count(counted.user_id) filter (where counted.is_reply) as n_replies,
    count(distinct counted.user_id) filter (
        where counted.user_id in (select user_id from slack_member where is_member)
    ) as n_active_members
from months
left join counted using (month_start)
group by months.month_start
order by months.month_start;
