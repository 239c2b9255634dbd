-- name: wave_scores(wave_id, life_stages, organisations)
-- In survey wave $wave_id, one row per respondent in the filters who answered the 0-10
-- question: life_stages, organisation, practice_use_score (no personal data; the unpaired
-- change between waves is tested over these rows).
select life_stages, organisation, practice_use_score
from filtered_baseline($wave_id::integer, $life_stages::varchar[], $organisations::varchar[])
where practice_use_score is not null;
