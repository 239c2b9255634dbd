-- name: baseline_interest(wave_id, life_stages, organisations)
-- In survey wave $wave_id: one row per answer (Yes, Maybe, No, in that order): respondents interested in a development
-- programme, and their share of those who answered.
with answers as (
    select interest, n_respondents
    from filtered_cube($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
    where interest is not null
)

select
    options.interest,
    sum_counts(answers.n_respondents) as n_respondents,
    round(
        100.0 * sum_counts(answers.n_respondents)
        / nullif((select sum_counts(n_respondents) from answers), 0),
        1
    ) as pct_of_respondents
from (values ('Yes', 1), ('Maybe', 2), ('No', 3)) as options (interest, position)
left join answers using (interest)
group by options.interest, options.position
order by options.position;
