-- name: community_quotes()
-- One row per picked quote whose message is loaded and counted, latest pick first: channel_id,
-- ts, channel_name, posted_at (UTC), message_text (Slack markup), picked_by, picked_at. No
-- author: the board sees these texts.
select
    quote.channel_id,
    quote.ts,
    channel.channel_name,
    message.posted_at,
    message.message_text,
    quote.picked_by,
    quote.picked_at
from community_quote as quote
join slack_message as message
    on message.channel_id = quote.channel_id and message.ts = quote.ts
join slack_channel as channel on channel.channel_id = quote.channel_id
where message.is_counted
order by quote.picked_at desc, quote.ts desc;
