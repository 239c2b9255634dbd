-- name: restore_superseded_cohorts(batch_id)
-- Puts back the cohorts an undone plan upload replaced, as they were before it, unless a later
-- upload has replaced them since (that one's version stays).
update cohort
set
    start_date = saved.start_date,
    end_date = saved.end_date,
    places = saved.places,
    location = saved.location,
    is_cancelled = saved.is_cancelled,
    batch_id = saved.batch_id
from cohort_superseded as saved
where
    saved.superseded_by = $batch_id
    and saved.cohort_id = cohort.cohort_id
    and cohort.batch_id = $batch_id;
