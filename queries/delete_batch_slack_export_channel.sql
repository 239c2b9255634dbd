-- name: delete_batch_slack_export_channel(batch_id)
-- Removes the slack_export_channel rows a batch loaded.
delete from slack_export_channel where batch_id = $batch_id;
