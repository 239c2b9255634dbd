-- name: splice_superseded_cohorts(batch_id)
-- Where a later plan upload kept an undone batch's version of a cohort, it keeps instead the
-- version that batch had replaced, so undoing the later upload skips the undone one.
update cohort_superseded as later
set
    start_date = earlier.start_date,
    end_date = earlier.end_date,
    places = earlier.places,
    location = earlier.location,
    is_cancelled = earlier.is_cancelled,
    batch_id = earlier.batch_id
from cohort_superseded as earlier
where
    earlier.superseded_by = $batch_id
    and later.batch_id = $batch_id
    and later.cohort_id = earlier.cohort_id
    and later.superseded_by <> $batch_id;
