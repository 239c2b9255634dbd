-- name: pilot_scores(cohort_id)
-- One row per participant of the cohort: 0-10 self-rating before (baseline) and after
-- (follow_up), either may be null; is_matched when both are there.
select
    person_id,
    max(practice_use_score) filter (where phase = 'baseline') as score_before,
    max(practice_use_score) filter (where phase = 'follow_up') as score_after,
    score_before is not null and score_after is not null as is_matched
from pilot_rating
where cohort_id = $cohort_id
group by person_id
order by score_before nulls last, score_after, person_id;
