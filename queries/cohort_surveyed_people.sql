-- name: cohort_surveyed_people(life_stage, cohort_number)
-- One row: how many participants of the cohort have a before or an after survey loaded (0 when
-- the cohort is not in the plan); a months-later follow-up belongs only to such a cohort.
select count(distinct pilot_rating.person_id) as n_participants
from cohort
join pilot_rating using (cohort_id)
where
    cohort.life_stage = $life_stage
    and cohort.cohort_number = $cohort_number
    and pilot_rating.phase in ('baseline', 'follow_up');
