-- name: baseline_practice_use_summary(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row: n, mean and median of the 0-10 use of trauma-informed practice.
with scores as (
    select practice_use_score as score, sum(n_respondents) as n
    from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
    where practice_use_score is not null
    group by practice_use_score
),

running as (
    select score, n, sum(n) over (order by score) as n_upto, sum(n) over () as n_all
    from scores
)

select
    sum_counts(n) as n_respondents,
    sum(score * n) / sum(n) as mean_score,
    median_of_counts(score, n_upto, n_all) as median_score
from running;
