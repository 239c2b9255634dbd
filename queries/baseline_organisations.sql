-- name: baseline_organisations(life_stages, organisations)
-- One row per organisation type answered ("Other" grouped): respondents and their share.
select
    organisation,
    count(*) as n_respondents,
    round(100.0 * count(*) / sum(count(*)) over (), 1) as pct_of_respondents
from filtered_baseline($life_stages::varchar[], $organisations::varchar[])
where organisation is not null
group by organisation
order by n_respondents desc, organisation;
