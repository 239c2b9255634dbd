-- name: refresh_baseline_cube()
-- Recounts baseline_cube, and each survey wave's dates and n_respondents, from baseline_response
-- (run in the transaction that changed it).
delete from baseline_cube;
insert into baseline_cube select * from baseline_counts;

update survey_wave
set
    first_submitted = counted.first_submitted,
    last_submitted = counted.last_submitted,
    n_respondents = counted.n_respondents
from (
    select
        wave.wave_id,
        min(response.submitted_at) as first_submitted,
        max(response.submitted_at) as last_submitted,
        count(response.person_id) as n_respondents
    from survey_wave as wave
    left join baseline_response as response using (wave_id)
    group by wave.wave_id
) as counted
where survey_wave.wave_id = counted.wave_id;
