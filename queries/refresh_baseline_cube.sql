-- name: refresh_baseline_cube()
-- Recounts baseline_cube from baseline_response (run in the transaction that changed it).
delete from baseline_cube;
insert into baseline_cube
select
    life_stages,
    organisation,
    organisation_other,
    practice_use_score,
    interest,
    count(*) as n_respondents
from baseline_response
group by all;
