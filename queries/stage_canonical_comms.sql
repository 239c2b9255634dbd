-- name: stage_canonical_comms(path)
-- Stages a canonical communications-events CSV as temp table staged_comms_event.
create or replace temp table staged_comms_event as
select
    row_number() over () + 1 as source_row,
    try_cast(event_date as date) as event_date,
    trim(kind) as kind,
    trim(title) as title
from read_csv($path, all_varchar = true, header = true);
