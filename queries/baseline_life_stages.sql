-- name: baseline_life_stages(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row per life stage (all five, in order): respondents who work in it, and their share of
-- those who answered the question (a multi-select: shares add up to more than 100%).
with respondents as (
    select life_stages, n_respondents
    from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
    where len(life_stages) > 0
),

stages as (
    select life_stage as stage, position
    from life_stage
)

select
    stages.stage as life_stage,
    sum_counts(respondents.n_respondents) as n_respondents,
    (select sum_counts(n_respondents) from respondents) as n_answered,
    round(
        100.0 * sum_counts(respondents.n_respondents)
        / nullif((select sum_counts(n_respondents) from respondents), 0),
        1
    ) as pct_of_respondents
from stages
left join respondents on list_contains(respondents.life_stages, stages.stage)
group by stages.stage, stages.position
order by stages.position;
