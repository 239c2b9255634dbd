-- name: delete_batch_slack_export_member(batch_id)
-- Removes the slack_export_member rows a batch loaded (no personal data stays behind).
delete from slack_export_member where batch_id = $batch_id;
