-- name: migrate_baseline_waves_finish()
-- Survey waves, step 2 of 2 (after queries/schema.sql): the responses held become wave 1,
-- labelled from the earliest submission ("Baseline Nov 2020"), and the old tables go.
insert into survey_wave (label)
select
    coalesce(
        'Baseline ' || strftime(
            coalesce(
                (select min(submitted_at) from baseline_response_before_waves),
                (select min(submitted_at) from baseline_submission_before_waves)
            ),
            '%b %Y'
        ),
        'Baseline'
    )
where
    exists (select 1 from baseline_response_before_waves)
    or exists (select 1 from baseline_submission_before_waves);

insert into baseline_response by name
select (select min(wave_id) from survey_wave) as wave_id, *
from baseline_response_before_waves;

insert into baseline_submission by name
select (select min(wave_id) from survey_wave) as wave_id, *
from baseline_submission_before_waves;

update upload_batch set wave_id = (select min(wave_id) from survey_wave)
where kind = 'baseline';

drop table baseline_response_before_waves;
drop table baseline_submission_before_waves;
