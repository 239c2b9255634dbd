-- name: community_quote_pick(channel_id, ts, picked_by)
-- Records a counted Slack message as a quote for the board, picked by $picked_by now; one row
-- out (its ts) when the message exists and was not picked yet, none otherwise.
insert into community_quote (channel_id, ts, picked_by)
select channel_id, ts, $picked_by
from slack_message
where channel_id = $channel_id and ts = $ts and is_counted
on conflict do nothing
returning ts;
