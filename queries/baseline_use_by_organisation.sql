-- name: baseline_use_by_organisation(life_stages, organisations)
-- One row per organisation type: n, mean and median 0-10 use of its respondents.
select
    organisation,
    count(practice_use_score) as n_respondents,
    avg(practice_use_score) as mean_score,
    median(practice_use_score) as median_score
from filtered_baseline($life_stages::varchar[], $organisations::varchar[])
where organisation is not null and practice_use_score is not null
group by organisation
order by mean_score desc, organisation;
