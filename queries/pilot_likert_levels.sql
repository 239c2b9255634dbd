-- name: pilot_likert_levels(cohort_id, organisations)
-- One row per Likert statement and level 1..5 (all five, zeros included): participants of the
-- cohort (in the chosen organisation types) who gave that answer.
with participants as (
    select person_id, max(organisation) as organisation
    from pilot_rating
    where cohort_id = $cohort_id
    group by person_id
),

answers as (
    select likert_answer.statement_id, likert_answer.level
    from likert_answer
    left join participants using (person_id)
    where likert_answer.cohort_id = $cohort_id
        and ($organisations::varchar[] is null
            or list_contains($organisations::varchar[], participants.organisation))
),

asked as (
    select distinct statement_id from likert_answer where cohort_id = $cohort_id
)

select
    statement.statement_id,
    statement.statement_text,
    levels.level,
    count(answers.level) as n_participants
from asked
join statement using (statement_id)
cross join range(1, 6) as levels (level)
left join answers on answers.statement_id = asked.statement_id and answers.level = levels.level
group by statement.statement_id, statement.statement_text, levels.level
order by statement.statement_id, levels.level;
