-- name: refresh_baseline_cube()
-- Recounts baseline_cube from baseline_response (run in the transaction that changed it).
delete from baseline_cube;
insert into baseline_cube select * from baseline_counts;
