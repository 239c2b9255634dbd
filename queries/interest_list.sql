-- name: interest_list(life_stages, organisations, answers, include_allocated, sort_by, n_offset, n_limit)
-- One row per interested respondent of the latest survey wave (answer in $answers) with contact details and recruitment
-- mark, sorted by $sort_by (name, organisation, answer or submitted), one page of $n_limit rows
-- from $n_offset ($n_limit null: all); n_total is the count over every page.
with marked as (
    select
        mark.person_id,
        mark.status as mark_status,
        cohort.life_stage || ' #' || cohort.cohort_number as mark_cohort
    from recruitment_mark as mark
    join cohort using (cohort_id)
),

-- Only what the order needs, so the sort for one page carries narrow rows.
listed as (
    select
        response.person_id,
        case $sort_by
            when 'organisation' then response.organisation
            when 'answer' then if(response.interest = 'Yes', '1', '2')
            when 'submitted' then strftime(response.submitted_at, '%Y-%m-%d %H:%M:%S')
            else lower(person.name)
        end as sort_key,
        lower(person.name) as name_key,
        person.email
    from filtered_baseline(latest_wave_id(), $life_stages::varchar[], $organisations::varchar[]) as response
    join person using (person_id)
    left join marked using (person_id)
    where
        list_contains($answers::varchar[], response.interest)
        and ($include_allocated or marked.mark_status is distinct from 'allocated')
),

page as (
    select person_id, sort_key, name_key, email
    from listed
    order by sort_key nulls last, name_key, email, person_id
    limit $n_limit
    offset $n_offset
)

select
    page.person_id,
    person.name,
    person.email,
    person.team,
    array_to_string(
        list_filter(
            (select list(life_stage order by position) from life_stage),
            lambda stage: list_contains(response.life_stages, stage)
        ),
        '; '
    ) as life_stages,
    case
        when response.organisation = 'Other' and response.organisation_other is not null
            then 'Other: ' || response.organisation_other
        else response.organisation
    end as organisation,
    response.interest,
    response.submitted_at,
    marked.mark_status,
    marked.mark_cohort,
    (select count(*) from listed) as n_total
from page
join person using (person_id)
join baseline_response as response
    on response.person_id = page.person_id and response.wave_id = latest_wave_id()
left join marked on marked.person_id = page.person_id
order by page.sort_key nulls last, page.name_key, page.email, page.person_id;
