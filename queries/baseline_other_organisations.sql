-- name: baseline_other_organisations(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row per distinct "Other" organisation text typed by respondents, with how many typed it.
select organisation_other as other_text, sum_counts(n_respondents) as n_respondents
from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
where organisation = 'Other'
group by organisation_other
order by n_respondents desc, other_text;
