-- name: mark_demo_batches(after_batch_id)
-- Marks the batches newer than $after_batch_id (those the demo load just made) as demo data.
insert or ignore into demo_batch (batch_id)
select batch_id from upload_batch where batch_id > $after_batch_id;
