-- name: delete_batch_attendance_event(batch_id)
-- Removes the attendance_event rows a batch loaded.
delete from attendance_event where batch_id = $batch_id;
