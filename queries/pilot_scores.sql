-- name: pilot_scores(cohort_id, organisations)
-- One row per participant of the cohort (in the chosen organisation types): 0-10 self-rating
-- before (baseline), after (follow_up) and months later (months_later, the pilot follow-up
-- survey), any may be null; is_matched when before and after are both there.
with participants as (
    select
        person_id,
        max(organisation) as organisation,
        max(practice_use_score) filter (where phase = 'baseline') as score_before,
        max(practice_use_score) filter (where phase = 'follow_up') as score_after,
        max(practice_use_score) filter (where phase = 'months_later') as score_followup
    from pilot_rating
    where cohort_id = $cohort_id
    group by person_id
)

select
    person_id,
    organisation,
    score_before,
    score_after,
    score_before is not null and score_after is not null as is_matched,
    score_followup
from participants
where $organisations::varchar[] is null or list_contains($organisations::varchar[], organisation)
order by score_before nulls last, score_after nulls last, person_id;
