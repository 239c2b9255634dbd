-- name: insert_survey_wave(label)
-- Creates a survey wave labelled $label; returns its wave_id.
insert into survey_wave (label) values ($label) returning wave_id;
