-- name: schema_community_quote()
-- Creates the table of Slack messages a lead or admin picked as quotes for the board; safe to
-- rerun.
--
-- A pick names its message by channel and ts (the message's key in every export), not by its
-- text: the board reads the text from the newest export holding the message, so an edit shows,
-- and a message erased or undone stops being shown without touching this table. No author is
-- stored; picked_by is the dashboard user who picked it.
create table if not exists community_quote (
    channel_id varchar not null,
    ts varchar not null,
    picked_by varchar not null,
    picked_at timestamp not null default current_timestamp,
    primary key (channel_id, ts)
);
