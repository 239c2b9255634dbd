-- name: schema()
-- Creates every table the dashboard uses; safe to run on an existing database.
create sequence if not exists seq_batch_id start 1;
create sequence if not exists seq_person_id start 1;
create sequence if not exists seq_cohort_id start 1;
create sequence if not exists seq_feedback_id start 1;
create sequence if not exists seq_statement_id start 1;
create sequence if not exists seq_comms_event_id start 1;

-- One row per load (upload, CLI load or demo load).
create table if not exists upload_batch (
    batch_id integer primary key default nextval('seq_batch_id'),
    kind varchar not null,
    file_name varchar not null,
    sha256 varchar not null,
    source_format varchar not null,
    uploaded_by varchar not null,
    uploaded_at timestamp not null default current_timestamp,
    n_rows integer not null,
    n_warnings integer not null default 0,
    status varchar not null default 'loaded'
);

-- Who undid a batch and when (NULL while it is loaded); added after the first release.
alter table upload_batch add column if not exists undone_by varchar;
alter table upload_batch add column if not exists undone_at timestamp;
-- The survey wave a baseline batch was loaded into (NULL for other kinds); added with waves.
alter table upload_batch add column if not exists wave_id integer;

-- Personal data lives here and only here; other tables refer to person_id.
create table if not exists person (
    person_id integer primary key default nextval('seq_person_id'),
    email varchar unique,
    external_ref varchar,
    name varchar,
    team varchar
);

-- One row per respondent of one wave of the system baseline survey, after de-duplication by
-- e-mail: a person answers once per wave (survey_wave, queries/create_survey_wave.sql).
create table if not exists baseline_response (
    wave_id integer not null,
    person_id integer not null,
    batch_id integer not null,
    submitted_at timestamp,
    life_stages varchar[] not null,
    organisation varchar,
    organisation_other varchar,
    practice_use_score integer check (practice_use_score between 0 and 10),
    interest varchar check (interest in ('Yes', 'Maybe', 'No')),
    primary key (wave_id, person_id)
);

-- baseline_response counted by each combination of answers: a few thousand rows however many
-- respond. The view counts; the table keeps the count, so the System baseline charts never scan
-- every response. Recounted in the same transaction as every change to baseline_response
-- (queries/refresh_baseline_cube.sql).
create or replace view baseline_counts as
select
    wave_id,
    life_stages,
    organisation,
    organisation_other,
    practice_use_score,
    interest,
    count(*) as n_respondents
from baseline_response
group by all;

create table if not exists baseline_cube as select * from baseline_counts;

-- Every baseline submission as loaded, one row per batch and person: undoing a batch brings
-- back what the person had answered before it.
create table if not exists baseline_submission (
    batch_id integer not null,
    wave_id integer not null,
    person_id integer not null,
    submitted_at timestamp,
    life_stages varchar[] not null,
    organisation varchar,
    organisation_other varchar,
    practice_use_score integer,
    interest varchar,
    primary key (batch_id, person_id)
);

-- Remembers which column a user picked for a field of a form the mapping could not read.
create table if not exists column_mapping (
    form_signature varchar not null,
    field varchar not null,
    header varchar not null,
    saved_by varchar,
    saved_at timestamp default current_timestamp,
    primary key (form_signature, field)
);

-- The rollout plan: one row per training cohort.
create table if not exists cohort (
    cohort_id integer primary key default nextval('seq_cohort_id'),
    life_stage varchar not null,
    cohort_number integer not null,
    start_date date not null,
    end_date date not null,
    places integer not null default 11,
    location varchar,
    is_cancelled boolean not null default false,
    batch_id integer,
    unique (life_stage, cohort_number),
    check (end_date >= start_date)
);

-- One row per participant and phase of a pilot cohort's surveys: 'baseline' (before the
-- course), 'follow_up' (the after survey, at its end) and 'months_later' (the pilot follow-up
-- survey, `--kind pilot_followup`, asked again months on: does the change last?). A database
-- made before 'months_later' gets this table rebuilt on opening (queries/rebuild_pilot_rating.sql:
-- DuckDB cannot alter a CHECK constraint), so keep the two definitions the same.
create table if not exists pilot_rating (
    cohort_id integer not null,
    person_id integer not null,
    phase varchar not null check (phase in ('baseline', 'follow_up', 'months_later')),
    submitted_at timestamp,
    organisation varchar,
    practice_use_score integer check (practice_use_score between 0 and 10),
    batch_id integer not null,
    primary key (cohort_id, person_id, phase)
);

-- Added after the first release: databases created before it get the column here.
alter table pilot_rating add column if not exists organisation varchar;

create table if not exists statement (
    statement_id integer primary key default nextval('seq_statement_id'),
    statement_text varchar not null unique
);

-- One row per participant and Likert statement (level 1 = strongly disagree ... 5 = strongly agree).
create table if not exists likert_answer (
    cohort_id integer not null,
    person_id integer not null,
    statement_id integer not null,
    level integer not null check (level between 1 and 5),
    batch_id integer not null,
    primary key (cohort_id, person_id, statement_id)
);

-- Free text: participants' quotes and suggestions, and the cohort's retrospective.
create table if not exists feedback (
    feedback_id integer primary key default nextval('seq_feedback_id'),
    cohort_id integer not null,
    person_id integer,
    kind varchar not null check (kind in ('quote', 'went_well', 'improve', 'hope')),
    feedback_text varchar not null,
    batch_id integer not null
);

create table if not exists comms_event (
    event_id integer primary key default nextval('seq_comms_event_id'),
    event_date date not null,
    kind varchar not null,
    title varchar not null,
    batch_id integer
);

-- Bumped by every write, so cached query results know when to refresh.
create table if not exists data_version (version integer not null);
insert into data_version select 0 where not exists (select 1 from data_version);

-- The global filters, in one place: respondents who work in any chosen life stage and in any
-- chosen organisation type (a NULL list means "all"). One test per life stage rather than
-- list_has_any(stages, chosen_life_stages): the same answer, four times faster over a million
-- responses.
create or replace macro in_filters(
    stages, organisation_type, chosen_life_stages, chosen_organisations
) as
    (
        chosen_life_stages is null
        or (list_contains(chosen_life_stages, 'Perinatal') and list_contains(stages, 'Perinatal'))
        or (list_contains(chosen_life_stages, '0-5') and list_contains(stages, '0-5'))
        or (list_contains(chosen_life_stages, '5-11') and list_contains(stages, '5-11'))
        or (list_contains(chosen_life_stages, '11-19') and list_contains(stages, '11-19'))
        or (list_contains(chosen_life_stages, '19-25') and list_contains(stages, '19-25'))
    )
    and (chosen_organisations is null or list_contains(chosen_organisations, organisation_type));

-- The filters within one survey wave (chosen_wave_id: survey_wave.wave_id; NULL matches none).
create or replace macro filtered_baseline(
    chosen_wave_id, chosen_life_stages, chosen_organisations
) as table
    select *
    from baseline_response
    where
        wave_id = chosen_wave_id
        and in_filters(life_stages, organisation, chosen_life_stages, chosen_organisations);

-- The same filters over baseline_cube: answer combinations with their n_respondents.
create or replace macro filtered_cube(chosen_wave_id, chosen_life_stages, chosen_organisations) as table
    select *
    from baseline_cube
    where
        wave_id = chosen_wave_id
        and in_filters(life_stages, organisation, chosen_life_stages, chosen_organisations);

-- The latest survey wave holding responses (by its first submission): interest lists and
-- recruitment read the latest run of the survey. NULL when there is none.
create or replace macro latest_wave_id() as (
    select wave_id
    from survey_wave
    where n_respondents > 0
    order by first_submitted desc nulls last, wave_id desc
    limit 1
);

-- Respondents counted over baseline_cube rows: sum_counts(n_respondents), 0 when none.
create or replace macro sum_counts(n) as coalesce(sum(n), 0)::bigint;

-- The median score from per-score counts, as median() gives it over the respondents (the mean
-- of the two middle scores when n is even): n_upto is the running count by ascending score,
-- n_all the group's count. Aggregates over the group's per-score rows.
create or replace macro median_of_counts(score, n_upto, n_all) as (
    min(score) filter (where n_upto >= (n_all + 1) // 2)
    + min(score) filter (where n_upto >= n_all // 2 + 1)
) / 2;
