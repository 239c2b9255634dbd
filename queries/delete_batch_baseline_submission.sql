-- name: delete_batch_baseline_submission(batch_id)
-- Removes the baseline_submission rows a batch loaded (no personal data stays behind).
delete from baseline_submission where batch_id = $batch_id;
