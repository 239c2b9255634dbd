-- name: interest_cohort_allocated(cohort_id, person_ids)
-- One row: people allocated to the cohort, not counting those in $person_ids.
select count(*) as n_allocated
from recruitment_mark
where cohort_id = $cohort_id
    and status = 'allocated'
    and not list_contains($person_ids::integer[], person_id);
