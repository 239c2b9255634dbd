-- name: cohorts(today)
-- One row per cohort in the plan, in life-stage order then number, with its status on $today:
-- cancelled, planned, running, done, or evaluated (pilot data loaded).
select
    cohort.cohort_id,
    cohort.life_stage,
    cohort.cohort_number,
    cohort.life_stage || ' #' || cohort.cohort_number as cohort_label,
    cohort.start_date,
    cohort.end_date,
    cohort.places,
    cohort.location,
    case
        when cohort.is_cancelled then 'cancelled'
        when exists (select 1 from pilot_rating where pilot_rating.cohort_id = cohort.cohort_id)
            then 'evaluated'
        when cohort.start_date > $today::date then 'planned'
        when cohort.end_date >= $today::date then 'running'
        else 'done'
    end as status
from cohort
order by
    (select position from life_stage where life_stage.life_stage = cohort.life_stage),
    cohort.cohort_number;
