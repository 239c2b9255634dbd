-- name: set_batch_wave(batch_id, wave_id)
-- Records the survey wave a baseline batch was loaded into.
update upload_batch set wave_id = $wave_id where batch_id = $batch_id;
