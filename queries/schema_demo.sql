-- name: schema_demo()
-- The batches that loaded the demo data (`chatr init --demo`): while one of them is still
-- loaded, every page and slide says the figures are demo data.
create table if not exists demo_batch (
    batch_id integer primary key
);

-- A database whose demo was loaded before this table existed: its demo batches are the demo
-- files as chatr.demo.load_demo has always recorded them (by "demo", as dashboard CSVs).
insert into demo_batch (batch_id)
select batch_id
from upload_batch
where
    uploaded_by = 'demo'
    and source_format = 'canonical'
    and file_name in (
        'cohorts.csv', 'comms.csv', 'baseline.csv', 'pilot_perinatal_1.csv',
        'feedback_perinatal_1.csv'
    )
    and not exists (select 1 from demo_batch);
