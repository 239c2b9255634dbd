-- name: interest_list(life_stages, organisations, answers, include_allocated, sort_by, n_offset, n_limit)
-- One row per interested respondent (answer in $answers) with contact details and recruitment
-- mark, sorted by $sort_by (name, organisation, answer or submitted), one page of $n_limit rows
-- from $n_offset ($n_limit null: all); n_total is the count over every page.
with interested as (
    select
        response.person_id,
        response.submitted_at,
        response.life_stages,
        response.organisation,
        response.organisation_other,
        response.interest
    from filtered_baseline($life_stages::varchar[], $organisations::varchar[]) as response
    where list_contains($answers::varchar[], response.interest)
),

marked as (
    select
        mark.person_id,
        mark.status as mark_status,
        cohort.life_stage || ' #' || cohort.cohort_number as mark_cohort
    from recruitment_mark as mark
    join cohort using (cohort_id)
),

listed as (
    select
        interested.person_id,
        person.name,
        person.email,
        person.team,
        interested.life_stages,
        interested.organisation,
        interested.organisation_other,
        interested.interest,
        interested.submitted_at,
        marked.mark_status,
        marked.mark_cohort
    from interested
    join person using (person_id)
    left join marked using (person_id)
    where $include_allocated or marked.mark_status is distinct from 'allocated'
)

select
    person_id,
    name,
    email,
    team,
    array_to_string(
        list_filter(
            ['Perinatal', '0-5', '5-11', '11-19', '19-25'],
            lambda stage: list_contains(life_stages, stage)
        ),
        '; '
    ) as life_stages,
    case
        when organisation = 'Other' and organisation_other is not null
            then 'Other: ' || organisation_other
        else organisation
    end as organisation,
    interest,
    submitted_at,
    mark_status,
    mark_cohort,
    count(*) over () as n_total
from listed
order by
    case $sort_by
        when 'organisation' then organisation
        when 'answer' then if(interest = 'Yes', '1', '2')
        when 'submitted' then strftime(submitted_at, '%Y-%m-%d %H:%M:%S')
        else lower(name)
    end nulls last,
    lower(name),
    email,
    person_id
limit $n_limit
offset $n_offset;
