-- name: community_quote_remove(channel_id, ts)
-- Removes a pick (the message itself stays); one row out (its ts) when there was one.
delete from community_quote
where channel_id = $channel_id and ts = $ts
returning ts;
