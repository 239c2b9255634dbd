-- name: interest_summary(life_stages, organisations, answers)
-- One row: respondents interested (answer in $answers) for the filters, by answer, and how
-- many of them are marked invited or allocated.
with interested as (
    select interest, n_respondents
    from filtered_cube(latest_wave_id(), $life_stages::varchar[], $organisations::varchar[])
    where list_contains($answers::varchar[], interest)
),

marked as (
    select status
    from marked_interested(
        $life_stages::varchar[], $organisations::varchar[], $answers::varchar[]
    )
)

select
    (select sum_counts(n_respondents) from interested) as n_interested,
    (select sum_counts(if(interest = 'Yes', n_respondents, 0)) from interested) as n_yes,
    (select sum_counts(if(interest = 'Maybe', n_respondents, 0)) from interested) as n_maybe,
    (select count(*) from marked where status = 'invited') as n_invited,
    (select count(*) from marked where status = 'allocated') as n_allocated;
