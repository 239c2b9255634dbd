-- name: save_superseded_cohorts(batch_id)
-- Keeps, before batch $batch_id's plan replaces them, the planned cohorts it names (same life
-- stage and number) as they are now, in cohort_superseded: undoing the batch puts them back.
insert into cohort_superseded (
    superseded_by, cohort_id, start_date, end_date, places, location, is_cancelled, batch_id
)
select
    $batch_id, cohort_id, start_date, end_date, places, location, is_cancelled, batch_id
from cohort
where exists (
    select 1
    from staged_cohort as staged
    where staged.life_stage = cohort.life_stage and staged.cohort_number = cohort.cohort_number
);
