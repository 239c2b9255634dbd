-- name: schema_loaded()
-- Creates the tables that keep every upload's rows as loaded, so that a newer export replaces
-- and undoing any batch gives back exactly what was there without it; safe to rerun.
--
-- Survey rows: every batch's rows are kept here (one set per batch, as baseline_submission does
-- for the System baseline); pilot_rating, likert_answer and feedback hold the current rows,
-- rebuilt for a cohort from these on every load and undo of it (queries/insert_current_*.sql):
-- for each participant, the rows of the newest batch still loaded. Undoing a batch deletes its
-- rows here. Personal data: feedback_text (erasing a person removes their rows here too).
-- A database made before these tables gets them filled from the current rows on opening.

create table if not exists pilot_rating_loaded (
    batch_id integer not null,
    cohort_id integer not null,
    person_id integer not null,
    phase varchar not null check (phase in ('baseline', 'follow_up', 'months_later')),
    submitted_at timestamp,
    organisation varchar,
    practice_use_score integer check (practice_use_score between 0 and 10),
    primary key (batch_id, cohort_id, person_id, phase)
);

insert into pilot_rating_loaded
select batch_id, cohort_id, person_id, phase, submitted_at, organisation, practice_use_score
from pilot_rating
where not exists (select 1 from pilot_rating_loaded);

create table if not exists likert_answer_loaded (
    batch_id integer not null,
    cohort_id integer not null,
    person_id integer not null,
    statement_id integer not null,
    level integer not null check (level between 1 and 5),
    primary key (batch_id, cohort_id, person_id, statement_id)
);

insert into likert_answer_loaded
select batch_id, cohort_id, person_id, statement_id, level
from likert_answer
where not exists (select 1 from likert_answer_loaded);

-- feedback_id is given here and kept by the current row, so a rebuilt feedback table is the same.
create table if not exists feedback_loaded (
    feedback_id integer primary key,
    batch_id integer not null,
    cohort_id integer not null,
    person_id integer,
    kind varchar not null check (kind in ('quote', 'went_well', 'improve', 'hope')),
    feedback_text varchar not null
);

insert into feedback_loaded
select feedback_id, batch_id, cohort_id, person_id, kind, feedback_text
from feedback
where not exists (select 1 from feedback_loaded);

-- Every communications event each comms upload listed; comms_event holds each event once (as
-- its first upload gave it), so undoing that upload hands the event to another that lists it.
create table if not exists comms_event_loaded (
    batch_id integer not null,
    event_date date not null,
    kind varchar not null,
    title varchar not null
);

insert into comms_event_loaded
select batch_id, event_date, kind, title
from comms_event
where batch_id is not null and not exists (select 1 from comms_event_loaded);

-- The plan: a cohort as it was just before an upload of the plan replaced it (dates, places,
-- location, cancelled, and the batch it came from), so undoing that upload puts it back, with
-- any change made in the app before the upload. The plan itself is edited in the app too, so
-- it stays the one current table rather than being rebuilt from uploads.
create table if not exists cohort_superseded (
    superseded_by integer not null,
    cohort_id integer not null,
    start_date date not null,
    end_date date not null,
    places integer not null,
    location varchar,
    is_cancelled boolean not null,
    batch_id integer,
    primary key (superseded_by, cohort_id)
);
