-- name: create_survey_wave()
-- Creates survey_wave (run before queries/schema.sql, which a database made before waves needs
-- migrated first); safe to run on an existing database.
create sequence if not exists seq_wave_id start 1;

-- One row per run of the system baseline survey ("Baseline Nov 2020", "Follow-up Nov 2021").
-- Its dates and n_respondents come from its responses: kept here by
-- queries/refresh_survey_wave_dates.sql in the transaction that changes baseline_response (a
-- wave whose responses were all undone holds 0 and is not listed).
create table if not exists survey_wave (
    wave_id integer primary key default nextval('seq_wave_id'),
    label varchar unique not null,
    first_submitted timestamp,
    last_submitted timestamp,
    n_respondents integer not null default 0,
    created_at timestamp not null default current_timestamp
);
