-- name: survey_waves()
-- One row per survey wave holding responses, earliest first: wave_id, label, first_submitted,
-- last_submitted, n_respondents.
select wave_id, label, first_submitted, last_submitted, n_respondents
from survey_wave
where n_respondents > 0
order by first_submitted nulls last, wave_id;
