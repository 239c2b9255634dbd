-- name: overview_pilot_totals(life_stages, organisations, statement_pattern)
-- One row, across every evaluated cohort in the filter: practitioners with any survey
-- (n_trained), and how many answered / agreed with the statement matching $statement_pattern.
with participants as (
    select pilot_rating.cohort_id, pilot_rating.person_id, max(pilot_rating.organisation) as organisation
    from pilot_rating
    join cohort using (cohort_id)
    where $life_stages::varchar[] is null or list_contains($life_stages::varchar[], cohort.life_stage)
    group by pilot_rating.cohort_id, pilot_rating.person_id
),

chosen as (
    select *
    from participants
    where $organisations::varchar[] is null or list_contains($organisations::varchar[], organisation)
),

confidence as (
    select likert_answer.level
    from likert_answer
    join chosen using (cohort_id, person_id)
    join statement using (statement_id)
    where statement.statement_text ilike $statement_pattern
)

select
    (select count(distinct person_id) from chosen) as n_trained,
    (select count(*) from confidence) as n_confidence_answered,
    (select count(*) from confidence where level >= 4) as n_confident;
