-- name: baseline_organisations(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row per organisation type answered ("Other" grouped): respondents and their share.
select
    organisation,
    sum_counts(n_respondents) as n_respondents,
    round(100.0 * sum(n_respondents) / sum(sum(n_respondents)) over (), 1) as pct_of_respondents
from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
where organisation is not null
group by organisation
order by n_respondents desc, organisation;
