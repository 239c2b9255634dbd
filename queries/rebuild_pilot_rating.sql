-- name: rebuild_pilot_rating()
-- Rebuilds pilot_rating and pilot_rating_loaded with the phase check of queries/schema.sql and
-- queries/schema_loaded.sql (which admits 'months_later'), keeping every row: DuckDB cannot
-- alter a CHECK constraint, so each is made anew, filled, and renamed in place of the old one.
-- Run inside one transaction, by chatr.db.apply_schema, only when
-- pilot_tables_without_months_later finds a table; the definitions here are those of the
-- schema files (tests/unit/test_pilot_followup.py checks that they stay the same).
create table pilot_rating_rebuilt (
    cohort_id integer not null,
    person_id integer not null,
    phase varchar not null check (phase in ('baseline', 'follow_up', 'months_later')),
    submitted_at timestamp,
    organisation varchar,
    practice_use_score integer check (practice_use_score between 0 and 10),
    batch_id integer not null,
    primary key (cohort_id, person_id, phase)
);

insert into pilot_rating_rebuilt (
    cohort_id, person_id, phase, submitted_at, organisation, practice_use_score, batch_id
)
select cohort_id, person_id, phase, submitted_at, organisation, practice_use_score, batch_id
from pilot_rating;

drop table pilot_rating;

alter table pilot_rating_rebuilt rename to pilot_rating;

create table pilot_rating_loaded_rebuilt (
    batch_id integer not null,
    cohort_id integer not null,
    person_id integer not null,
    phase varchar not null check (phase in ('baseline', 'follow_up', 'months_later')),
    submitted_at timestamp,
    organisation varchar,
    practice_use_score integer check (practice_use_score between 0 and 10),
    primary key (batch_id, cohort_id, person_id, phase)
);

insert into pilot_rating_loaded_rebuilt (
    batch_id, cohort_id, person_id, phase, submitted_at, organisation, practice_use_score
)
select batch_id, cohort_id, person_id, phase, submitted_at, organisation, practice_use_score
from pilot_rating_loaded;

drop table pilot_rating_loaded;

alter table pilot_rating_loaded_rebuilt rename to pilot_rating_loaded;
