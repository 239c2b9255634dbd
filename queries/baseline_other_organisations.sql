-- name: baseline_other_organisations(life_stages, organisations)
-- One row per distinct "Other" organisation text typed by respondents, with how many typed it.
select organisation_other as other_text, sum_counts(n_respondents) as n_respondents
from filtered_cube($life_stages::varchar[], $organisations::varchar[])
where organisation = 'Other'
group by organisation_other
order by n_respondents desc, other_text;
