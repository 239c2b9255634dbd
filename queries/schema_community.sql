-- name: schema_community()
-- Creates the Community of Practice tables (Slack workspace exports, meeting attendance) and
-- their views of the current state; safe to rerun.
--
-- Every export is kept as loaded, one set of rows per batch, so undoing a newer export brings
-- back the older one's rows exactly; the views show, for each key, the row of the newest export
-- (the one whose messages reach latest; the later load on a tie). Undoing a batch deletes its
-- rows. Personal data: the members' names and e-mails, the message text and the attendees'
-- names and e-mails (chatr/community_people.py reads them; chatr/community.py never does).

-- One row per Slack export loaded: its workspace and the period its messages cover.
create table if not exists slack_export (
    batch_id integer primary key,
    workspace_id varchar,
    n_channels integer not null,
    n_users integer not null,
    n_members integer not null,
    n_messages_counted integer not null,
    first_message_at timestamp,
    last_message_at timestamp
);

-- One row per export and user of users.json. is_member: not deactivated, not a bot, not
-- Slackbot (chatr/ingest/slack_export.py decides).
create table if not exists slack_export_member (
    batch_id integer not null,
    user_id varchar not null,
    username varchar,
    real_name varchar,
    display_name varchar,
    email varchar,
    is_deleted boolean not null,
    is_bot boolean not null,
    is_guest boolean not null,
    is_member boolean not null,
    primary key (batch_id, user_id)
);

-- One row per export and public channel of channels.json.
create table if not exists slack_export_channel (
    batch_id integer not null,
    channel_id varchar not null,
    channel_name varchar,
    created_at timestamp,
    is_archived boolean not null,
    is_general boolean not null,
    n_channel_members integer not null,
    primary key (batch_id, channel_id)
);

-- One row per export and message (a channel's ts is unique), joins and bot posts included.
-- posted_at is UTC; is_counted, is_reply and the links as chatr/ingest/slack_export.py says.
create table if not exists slack_export_message (
    batch_id integer not null,
    channel_id varchar not null,
    ts varchar not null,
    thread_ts varchar,
    is_reply boolean not null,
    user_id varchar,
    posted_at timestamp not null,
    subtype varchar,
    reply_count integer not null,
    n_links integer not null,
    link_hosts varchar[] not null,
    is_counted boolean not null,
    message_text varchar,
    primary key (batch_id, channel_id, ts)
);

-- The exports in order of recency: rank 1 is the newest.
create or replace view slack_export_recency as
select
    batch_id,
    row_number() over (order by last_message_at desc nulls last, batch_id desc) as recency
from slack_export;

-- The current state: one row per user, channel and message, from the newest export holding it.
create or replace view slack_member as
select member.*
from slack_export_member as member
join slack_export_recency using (batch_id)
qualify row_number() over (partition by member.user_id order by recency) = 1;

create or replace view slack_channel as
select channel.*
from slack_export_channel as channel
join slack_export_recency using (batch_id)
qualify row_number() over (partition by channel.channel_id order by recency) = 1;

create or replace view slack_message as
select message.*
from slack_export_message as message
join slack_export_recency using (batch_id)
qualify row_number() over (partition by message.channel_id, message.ts order by recency) = 1;

-- One row per attendance report loaded (one meeting). kind: teams or zoom. meeting_title is
-- the report's own; title is what people call it (the report's, or the one given on loading).
-- started_at is the organiser's local time, as the report writes it.
create table if not exists attendance_event (
    batch_id integer primary key,
    kind varchar not null check (kind in ('teams', 'zoom')),
    title varchar not null,
    meeting_title varchar not null,
    started_at timestamp,
    event_date date
);

-- One row per report and person: keyed by the e-mail (trimmed, case-folded), or by the name
-- when there is none; attended_seconds sums every join.
create table if not exists attendee (
    batch_id integer not null,
    attendee_key varchar not null,
    email varchar,
    display_name varchar,
    attended_seconds bigint not null,
    n_joins integer not null,
    primary key (batch_id, attendee_key)
);

-- One row per meeting: the same meeting's report loaded again (downloaded twice, so another
-- file) counts once, as its latest load.
create or replace view current_attendance_event as
select *
from attendance_event
qualify row_number() over (
    partition by kind, meeting_title, started_at order by batch_id desc
) = 1;
