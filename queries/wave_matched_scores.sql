-- name: wave_matched_scores(earlier_wave_id, later_wave_id, life_stages, organisations)
-- One row per person (matched by e-mail: one person_id) with a 0-10 answer in both survey waves
-- and in the filters by their earlier answers: score_earlier, score_later, and is_trained:
-- whether they took part (a pilot rating) in a cohort that ended after the earlier wave's last
-- submission and on or before the later wave's first. No personal data out.
with earlier as (
    select person_id, practice_use_score as score_earlier
    from filtered_baseline(
        $earlier_wave_id::integer, $life_stages::varchar[], $organisations::varchar[]
    )
    where practice_use_score is not null
),

later as (
    select person_id, practice_use_score as score_later
    from baseline_response
    where wave_id = $later_wave_id::integer and practice_use_score is not null
),

between_waves as (
    select
        (select last_submitted::date from survey_wave where wave_id = $earlier_wave_id::integer)
            as earlier_last,
        (select first_submitted::date from survey_wave where wave_id = $later_wave_id::integer)
            as later_first
),

trained as (
    select distinct rating.person_id
    from pilot_rating as rating
    join cohort using (cohort_id)
    cross join between_waves
    where
        cohort.end_date > between_waves.earlier_last
        and cohort.end_date <= between_waves.later_first
)

select
    earlier.score_earlier,
    later.score_later,
    earlier.person_id in (select person_id from trained) as is_trained
from earlier
join later using (person_id)
order by earlier.person_id;
