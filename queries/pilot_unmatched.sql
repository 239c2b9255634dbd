-- name: pilot_unmatched(cohort_id)
-- One row per participant of the cohort with only one of the two surveys: e-mail (or external
-- reference), name, and which survey is missing. Personal data: for leads and admins only.
-- The months-later follow-up is not one of the two.
select
    coalesce(person.email, person.external_ref) as participant,
    person.name,
    case when count(*) filter (where phase = 'baseline') = 0 then 'before' else 'after' end
        as missing_survey
from pilot_rating
join person using (person_id)
where pilot_rating.cohort_id = $cohort_id and pilot_rating.phase in ('baseline', 'follow_up')
group by person.person_id, person.email, person.external_ref, person.name
having count(distinct phase) = 1
order by participant;
