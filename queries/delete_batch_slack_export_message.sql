-- name: delete_batch_slack_export_message(batch_id)
-- Removes the slack_export_message rows a batch loaded (no personal data stays behind).
delete from slack_export_message where batch_id = $batch_id;
