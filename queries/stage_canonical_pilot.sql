-- name: stage_canonical_pilot()
-- Splits staged_canonical_pilot_raw (one row per participant and wave, Likert statements as
-- extra columns) into temp tables staged_pilot_response, staged_likert and staged_feedback.
create or replace temp table staged_pilot_response as
select
    source_row,
    lower(trim(wave)) as wave,
    try_cast(submitted_at as timestamp) as submitted_at,
    nullif(lower(trim(email)), '') as email,
    null::varchar as external_ref,
    nullif(trim(name), '') as name,
    nullif(trim(team), '') as team,
    nullif(trim(organisation), '') as organisation,
    nullif(trim(organisation_other), '') as organisation_other,
    try_cast(practice_use_score as integer) as practice_use_score
from staged_canonical_pilot_raw;

create or replace temp table staged_likert as
with answers as (
    unpivot (
        select * exclude (
            submitted_at, name, team, organisation, organisation_other, practice_use_score,
            feedback_quote, feedback_improve, feedback_hope
        )
        from staged_canonical_pilot_raw
    )
    on columns(* exclude (source_row, wave, email))
    into name statement value answer
),

levels as (
    select * from (values
        ('strongly disagree', 1), ('disagree', 2), ('neither agree nor disagree', 3),
        ('agree', 4), ('strongly agree', 5)
    ) as t (label, level)
)

select
    answers.source_row,
    lower(trim(answers.wave)) as wave,
    nullif(lower(trim(answers.email)), '') as email,
    null::varchar as external_ref,
    trim(answers.statement) as statement,
    coalesce(levels.level, try_cast(answers.answer as integer)) as level
from answers
left join levels on levels.label = lower(trim(answers.answer))
where nullif(trim(answers.answer), '') is not null;

create or replace temp table staged_feedback as
with texts as (
    unpivot (
        select source_row, wave, email, feedback_quote, feedback_improve, feedback_hope
        from staged_canonical_pilot_raw
    )
    on feedback_quote, feedback_improve, feedback_hope
    into name question value feedback_text
)

select
    source_row,
    lower(trim(wave)) as wave,
    nullif(lower(trim(email)), '') as email,
    null::varchar as external_ref,
    replace(question, 'feedback_', '') as kind,
    question,
    trim(feedback_text) as text
from texts
where nullif(trim(feedback_text), '') is not null;
