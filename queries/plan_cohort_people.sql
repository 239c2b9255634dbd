-- name: plan_cohort_people()
-- One row per cohort: participants with pilot data, and people invited or allocated to it.
with participants as (
    select cohort_id, count(distinct person_id) as n_participants
    from pilot_rating
    group by cohort_id
),

marks as (
    select
        cohort_id,
        count(*) filter (where status = 'invited') as n_invited,
        count(*) filter (where status = 'allocated') as n_allocated
    from recruitment_mark
    group by cohort_id
)

select
    cohort.cohort_id,
    coalesce(participants.n_participants, 0) as n_participants,
    coalesce(marks.n_invited, 0) as n_invited,
    coalesce(marks.n_allocated, 0) as n_allocated
from cohort
left join participants using (cohort_id)
left join marks using (cohort_id)
order by cohort.cohort_id;
