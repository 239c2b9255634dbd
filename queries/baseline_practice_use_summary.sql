-- name: baseline_practice_use_summary(life_stages, organisations)
-- One row: n, mean and median of the 0-10 use of trauma-informed practice.
select
    count(practice_use_score) as n_respondents,
    avg(practice_use_score) as mean_score,
    median(practice_use_score) as median_score
from filtered_baseline($life_stages::varchar[], $organisations::varchar[]);
