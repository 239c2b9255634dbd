-- name: schema_plan()
-- Creates the plan's change history and the interest list's recruitment marks; safe to rerun.
create sequence if not exists seq_plan_change_id start 1;

-- One row per edit of the rollout plan made in the app: who, when, what, and the values.
create table if not exists plan_change (
    change_id integer primary key default nextval('seq_plan_change_id'),
    changed_at timestamp not null default current_timestamp,
    changed_by varchar not null,
    action varchar not null
        check (action in ('add_cohort', 'move_cohort', 'cancel_cohort', 'add_event')),
    cohort_id integer,
    event_id integer,
    subject varchar not null,
    detail varchar not null
);

-- Where each interested person stands in recruitment: invited to, or allocated a place in, a
-- cohort. One row per person (the latest mark); no personal data here, only the person's id.
create table if not exists recruitment_mark (
    person_id integer primary key,
    status varchar not null check (status in ('invited', 'allocated')),
    cohort_id integer not null,
    marked_by varchar not null,
    marked_at timestamp not null default current_timestamp
);

-- The people with a recruitment mark who are in the filters and gave one of the chosen answers
-- (in the latest survey wave, as the interest lists):
-- their mark's status and their life stages. The filters are applied to the few people marked,
-- not to every response (the materialised join keeps DuckDB from pushing them into the scan).
create or replace macro marked_interested(
    chosen_life_stages, chosen_organisations, chosen_answers
) as table
    with marked as materialized (
        select mark.status, response.life_stages, response.organisation, response.interest
        from recruitment_mark as mark
        join baseline_response as response using (person_id)
        where response.wave_id = latest_wave_id()
    )

    select status, life_stages
    from marked
    where
        in_filters(life_stages, organisation, chosen_life_stages, chosen_organisations)
        and list_contains(chosen_answers, interest);
