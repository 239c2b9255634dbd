-- name: baseline_use_by_organisation(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row per organisation type: n, mean and median 0-10 use of its respondents.
with scores as (
    select organisation, practice_use_score as score, sum(n_respondents) as n
    from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
    where organisation is not null and practice_use_score is not null
    group by organisation, practice_use_score
),

running as (
    select
        organisation,
        score,
        n,
        sum(n) over (partition by organisation order by score) as n_upto,
        sum(n) over (partition by organisation) as n_all
    from scores
)

select
    organisation,
    sum_counts(n) as n_respondents,
    sum(score * n) / sum(n) as mean_score,
    median_of_counts(score, n_upto, n_all) as median_score
from running
group by organisation
order by mean_score desc, organisation;
