-- name: baseline_use_by_life_stage(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row per life stage: n, mean and median 0-10 use among respondents working in it (a
-- respondent in two stages counts in both), and n_answered: distinct respondents behind the chart.
with respondents as (
    select life_stages, practice_use_score, n_respondents
    from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
    where practice_use_score is not null and len(life_stages) > 0
),

stages as (
    select life_stage as stage, position
    from life_stage
),

scores as (
    select
        stages.stage,
        respondents.practice_use_score as score,
        sum(respondents.n_respondents) as n
    from stages
    join respondents on list_contains(respondents.life_stages, stages.stage)
    group by stages.stage, respondents.practice_use_score
),

running as (
    select
        stage,
        score,
        n,
        sum(n) over (partition by stage order by score) as n_upto,
        sum(n) over (partition by stage) as n_all
    from scores
),

by_stage as (
    select
        stage,
        sum_counts(n) as n_respondents,
        sum(score * n) / sum(n) as mean_score,
        median_of_counts(score, n_upto, n_all) as median_score
    from running
    group by stage
)

select
    stages.stage as life_stage,
    coalesce(by_stage.n_respondents, 0) as n_respondents,
    by_stage.mean_score,
    by_stage.median_score,
    (select sum_counts(n_respondents) from respondents) as n_answered
from stages
left join by_stage using (stage)
order by stages.position;
