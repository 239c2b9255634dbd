-- name: baseline_practice_use_distribution(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row per score 0..10: respondents who gave it (zero rows included).
with scores as (
    select practice_use_score, n_respondents
    from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
    where practice_use_score is not null
)

select scale.score as practice_use_score, sum_counts(scores.n_respondents) as n_respondents
from range(0, 11) as scale (score)
left join scores on scores.practice_use_score = scale.score
group by scale.score
order by scale.score;
