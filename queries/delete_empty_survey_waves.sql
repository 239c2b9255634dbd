-- name: delete_empty_survey_waves()
-- Removes survey waves no batch still loaded holds (after an undo: the wave it made goes too).
delete from survey_wave
where wave_id not in (
    select wave_id
    from upload_batch
    where kind = 'baseline' and status = 'loaded' and wave_id is not null
);
