-- name: baseline_answered(life_stages, organisations)
-- One row: respondents in the filter and how many answered each question (n per question).
select
    count(*) as n_respondents,
    count(*) filter (where len(life_stages) > 0) as n_life_stages,
    count(organisation) as n_organisation,
    count(practice_use_score) as n_practice_use_score,
    count(interest) as n_interest
from filtered_baseline($life_stages::varchar[], $organisations::varchar[]);
