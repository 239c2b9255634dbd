-- name: staged_baseline_wave()
-- One row: the survey wave a staged baseline upload goes to when none is named (the earliest
-- wave whose first-to-last submission dates overlap the staged rows', else the first wave; NULL
-- when no wave holds responses), is_overlapping, and suggested_label: the name a new wave would
-- get from the staged dates ("Baseline Nov 2020" for the first wave, "Follow-up Nov 2021" after).
with staged as (
    select min(submitted_at) as first_submitted, max(submitted_at) as last_submitted
    from staged_baseline
),

waves as (
    select wave_id, first_submitted, last_submitted
    from survey_wave
    where n_respondents > 0
),

overlapping as (
    select waves.wave_id
    from waves, staged
    where
        waves.first_submitted <= staged.last_submitted
        and staged.first_submitted <= waves.last_submitted
    order by waves.first_submitted, waves.wave_id
    limit 1
),

first_wave as (
    select wave_id
    from waves
    order by first_submitted nulls last, wave_id
    limit 1
)

select
    coalesce(
        (select wave_id from overlapping), (select wave_id from first_wave)
    ) as wave_id,
    exists (select 1 from overlapping) as is_overlapping,
    if(exists (select 1 from waves), 'Follow-up ', 'Baseline ')
    || strftime(coalesce(staged.first_submitted, current_date), '%b %Y') as suggested_label
from staged;
