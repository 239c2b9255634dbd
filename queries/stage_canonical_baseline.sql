-- name: stage_canonical_baseline(path)
-- Stages a canonical baseline CSV as temp table staged_baseline: one row per respondent
-- (latest submission per e-mail), life stages as a list.
create or replace temp table staged_baseline as
with raw as (
    select row_number() over () + 1 as source_row, *
    from read_csv($path, all_varchar = true, header = true)
),

typed as (
    select
        source_row,
        try_cast(submitted_at as timestamp) as submitted_at,
        nullif(lower(trim(email)), '') as email,
        nullif(trim(name), '') as name,
        nullif(trim(team), '') as team,
        list_filter(list_transform(string_split(coalesce(life_stages, ''), ';'), lambda s: trim(s)), lambda s: s <> '')
            as life_stages,
        nullif(trim(organisation), '') as organisation,
        nullif(trim(organisation_other), '') as organisation_other,
        try_cast(practice_use_score as integer) as practice_use_score,
        nullif(trim(interest), '') as interest
    from raw
)

select * exclude (rank_latest)
from (
    select
        *,
        row_number() over (
            partition by coalesce(email, 'row:' || source_row) order by submitted_at desc, source_row desc
        ) as rank_latest
    from typed
)
where rank_latest = 1;
