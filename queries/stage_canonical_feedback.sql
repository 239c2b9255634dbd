-- name: stage_canonical_feedback(path)
-- Stages a canonical feedback CSV (quotes, retrospective) as temp table staged_feedback.
create or replace temp table staged_feedback as
select
    row_number() over () + 1 as source_row,
    null::varchar as wave,
    nullif(lower(trim(email)), '') as email,
    null::varchar as external_ref,
    lower(trim(kind)) as kind,
    null::varchar as question,
    trim(text) as text
from read_csv($path, all_varchar = true, header = true)
where nullif(trim(text), '') is not null;
