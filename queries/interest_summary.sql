-- name: interest_summary(life_stages, organisations, answers)
-- One row: respondents interested (answer in $answers) for the filters, by answer, and how
-- many of them are marked invited or allocated.
with interested as (
    select response.person_id, response.interest
    from filtered_baseline($life_stages::varchar[], $organisations::varchar[]) as response
    where list_contains($answers::varchar[], response.interest)
)

select
    count(*) as n_interested,
    count(*) filter (where interested.interest = 'Yes') as n_yes,
    count(*) filter (where interested.interest = 'Maybe') as n_maybe,
    count(*) filter (where mark.status = 'invited') as n_invited,
    count(*) filter (where mark.status = 'allocated') as n_allocated
from interested
left join recruitment_mark as mark using (person_id);
