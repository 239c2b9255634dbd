-- name: store_cohorts(batch_id)
-- Writes staged_cohort into the plan: a cohort already planned (same life stage and number)
-- takes the new dates, places and location.
insert into cohort (life_stage, cohort_number, start_date, end_date, places, location, is_cancelled, batch_id)
select
    life_stage, cohort_number, start_date, end_date, coalesce(places, 11), location,
    coalesce(status = 'cancelled', false), $batch_id
from staged_cohort
on conflict (life_stage, cohort_number) do update set
    start_date = excluded.start_date,
    end_date = excluded.end_date,
    places = excluded.places,
    location = excluded.location,
    is_cancelled = excluded.is_cancelled,
    batch_id = excluded.batch_id;
