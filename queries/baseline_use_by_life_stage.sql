-- name: baseline_use_by_life_stage(life_stages, organisations)
-- One row per life stage: n, mean and median 0-10 use among respondents working in it (a
-- respondent in two stages counts in both), and n_answered: distinct respondents behind the chart.
with respondents as (
    select life_stages, practice_use_score
    from filtered_baseline($life_stages::varchar[], $organisations::varchar[])
    where practice_use_score is not null and len(life_stages) > 0
),

stages as (
    select stage, position
    from (values ('Perinatal', 1), ('0-5', 2), ('5-11', 3), ('11-19', 4), ('19-25', 5)) as t (stage, position)
)

select
    stages.stage as life_stage,
    count(respondents.practice_use_score) as n_respondents,
    avg(respondents.practice_use_score) as mean_score,
    median(respondents.practice_use_score) as median_score,
    (select count(*) from respondents) as n_answered
from stages
left join respondents on list_contains(respondents.life_stages, stages.stage)
group by stages.stage, stages.position
order by stages.position;
