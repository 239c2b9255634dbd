-- name: data_sources(cohort_id)
-- Where the figures come from, one row per source: 'baseline' (the system survey), 'pilot' (the
-- before/after surveys of the cohort, or of every cohort when cohort_id is null), 'plan' (cohorts and comms events), 'plan_edits' (edits made in
-- the app), 'community' (Slack workspace exports), 'attendance' (Teams and Zoom attendance
-- reports): files still loaded, the latest upload (or edit) time and that file's tool.
with used as (
    select distinct 'baseline' as source, batch_id from baseline_response
    union
    select distinct 'pilot' as source, batch_id from pilot_rating
    where $cohort_id::integer is null or cohort_id = $cohort_id
    union
    select 'plan' as source, batch_id from cohort where batch_id is not null
    union
    select 'plan' as source, batch_id from comms_event where batch_id is not null
    union
    select 'community' as source, batch_id from slack_export
    union
    select 'attendance' as source, batch_id from attendance_event
)

select
    used.source,
    count(*) as n_files,
    max(upload_batch.uploaded_at) as latest_at,
    arg_max(upload_batch.source_format, upload_batch.uploaded_at) as latest_format
from used
join upload_batch using (batch_id)
group by used.source

union all

select 'plan_edits' as source, count(*) as n_files, max(changed_at) as latest_at, null
from plan_change
having count(*) > 0;
