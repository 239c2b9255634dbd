-- name: baseline_population(wave_id)
-- In survey wave $wave_id: one row per combination of life stages, organisation type and interest answer: n_respondents
-- (the board's differencing check counts any filter from these few rows).
select
    life_stages,
    organisation,
    interest,
    sum(n_respondents)::bigint as n_respondents
from baseline_cube
where wave_id = $wave_id
group by all;
