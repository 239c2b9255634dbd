-- name: holds_demo_data()
-- One value: whether any batch of the demo data is still loaded (not undone).
select exists (
    select 1
    from demo_batch
    join upload_batch using (batch_id)
    where upload_batch.status = 'loaded'
) as holds_demo_data;
