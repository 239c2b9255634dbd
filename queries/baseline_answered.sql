-- name: baseline_answered(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row: respondents in the filter and how many answered each question (n per question).
select
    sum_counts(n_respondents) as n_respondents,
    sum_counts(if(len(life_stages) > 0, n_respondents, 0)) as n_life_stages,
    sum_counts(if(organisation is not null, n_respondents, 0)) as n_organisation,
    sum_counts(if(practice_use_score is not null, n_respondents, 0)) as n_practice_use_score,
    sum_counts(if(interest is not null, n_respondents, 0)) as n_interest
from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[]);
