-- name: interest_demand(life_stages, organisations, answers, today)
-- One row per life stage (the chosen ones, in order): people interested who work in it (one
-- working in several stages counts in each), not yet allocated, against the places in its next
-- planned cohort (the earliest not cancelled starting after $today; null when none is planned).
with stages as (
    select life_stage, position
    from life_stage
    where $life_stages::varchar[] is null or list_contains($life_stages::varchar[], life_stage)
),

interested as (
    select life_stages, interest, n_respondents
    from filtered_cube(latest_wave_id(), $life_stages::varchar[], $organisations::varchar[])
    where list_contains($answers::varchar[], interest)
),

allocated_interested as (
    select life_stages
    from marked_interested(
        $life_stages::varchar[], $organisations::varchar[], $answers::varchar[]
    )
    where status = 'allocated'
),

counts as (
    select
        stages.life_stage,
        sum_counts(interested.n_respondents) as n_interested,
        sum_counts(if(interested.interest = 'Yes', interested.n_respondents, 0)) as n_yes,
        sum_counts(if(interested.interest = 'Maybe', interested.n_respondents, 0)) as n_maybe
    from stages
    left join interested on list_contains(interested.life_stages, stages.life_stage)
    group by stages.life_stage
),

allocated_by_stage as (
    select stages.life_stage, count(allocated_interested.life_stages) as n_allocated
    from stages
    left join allocated_interested
        on list_contains(allocated_interested.life_stages, stages.life_stage)
    group by stages.life_stage
),

demand as (
    select
        counts.life_stage,
        counts.n_interested,
        counts.n_yes,
        counts.n_maybe,
        counts.n_interested - allocated_by_stage.n_allocated as n_not_allocated
    from counts
    join allocated_by_stage using (life_stage)
),

next_cohort as (
    select distinct on (life_stage)
        life_stage, cohort_id, cohort_number, start_date, end_date, places
    from cohort
    where not is_cancelled and start_date > $today::date
    order by life_stage, start_date, cohort_number
),

allocated as (
    select cohort_id, count(*) as n_allocated
    from recruitment_mark
    where status = 'allocated'
    group by cohort_id
)

select
    stages.life_stage,
    demand.n_interested,
    demand.n_yes,
    demand.n_maybe,
    demand.n_not_allocated,
    next_cohort.cohort_id as next_cohort_id,
    next_cohort.life_stage || ' #' || next_cohort.cohort_number as next_cohort_label,
    next_cohort.start_date as next_start_date,
    next_cohort.end_date as next_end_date,
    next_cohort.places as next_places,
    coalesce(allocated.n_allocated, 0) as next_n_allocated,
    next_cohort.places - coalesce(allocated.n_allocated, 0) as next_places_left
from stages
join demand using (life_stage)
left join next_cohort using (life_stage)
left join allocated on allocated.cohort_id = next_cohort.cohort_id
order by stages.position;
