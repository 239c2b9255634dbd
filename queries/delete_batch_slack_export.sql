-- name: delete_batch_slack_export(batch_id)
-- Removes the slack_export rows a batch loaded.
delete from slack_export where batch_id = $batch_id;
