-- name: survey_wave_id(label)
-- The wave_id of the survey wave labelled $label (no row when there is none).
select wave_id from survey_wave where label = $label;
