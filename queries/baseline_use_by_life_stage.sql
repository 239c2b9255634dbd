-- name: baseline_use_by_life_stage(life_stages, organisations)
-- One row per life stage: n, mean and median 0-10 use among respondents working in it
-- (a respondent in two stages counts in both).
with stages as (
    select stage, position
    from (values ('Perinatal', 1), ('0-5', 2), ('5-11', 3), ('11-19', 4), ('19-25', 5)) as t (stage, position)
)

select
    stages.stage as life_stage,
    count(respondents.practice_use_score) as n_respondents,
    avg(respondents.practice_use_score) as mean_score,
    median(respondents.practice_use_score) as median_score
from stages
left join filtered_baseline($life_stages::varchar[], $organisations::varchar[]) as respondents
    on list_contains(respondents.life_stages, stages.stage)
    and respondents.practice_use_score is not null
group by stages.stage, stages.position
order by stages.position;
