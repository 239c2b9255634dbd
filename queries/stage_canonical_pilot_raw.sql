-- name: stage_canonical_pilot_raw(path)
-- Reads a canonical pilot CSV as it is into temp table staged_canonical_pilot_raw.
create or replace temp table staged_canonical_pilot_raw as
select row_number() over () + 1 as source_row, *
from read_csv($path, all_varchar = true, header = true);
