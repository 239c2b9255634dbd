-- name: interest_summary(life_stages, organisations, answers)
-- One row: respondents interested (answer in $answers) for the filters, by answer, and how
-- many of them are marked invited or allocated.
with interested as (
    select interest, n_respondents
    from filtered_cube($life_stages::varchar[], $organisations::varchar[])
    where list_contains($answers::varchar[], interest)
),

-- The few people marked, with their answers: the filters apply to them alone, not to every
-- response.
marked as materialized (
    select mark.status, response.life_stages, response.organisation, response.interest
    from recruitment_mark as mark
    join baseline_response as response using (person_id)
),

marked_interested as (
    select status
    from marked
    where
        in_filters(life_stages, organisation, $life_stages::varchar[], $organisations::varchar[])
        and list_contains($answers::varchar[], interest)
)

select
    (select sum_counts(n_respondents) from interested) as n_interested,
    (select sum_counts(if(interest = 'Yes', n_respondents, 0)) from interested) as n_yes,
    (select sum_counts(if(interest = 'Maybe', n_respondents, 0)) from interested) as n_maybe,
    (select count(*) from marked_interested where status = 'invited') as n_invited,
    (select count(*) from marked_interested where status = 'allocated') as n_allocated;
