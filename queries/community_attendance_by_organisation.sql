-- name: community_attendance_by_organisation(life_stages, organisations)
-- One row per organisation type of the session attendees who answered the baseline survey and
-- are in the filters (session_respondents), most first: organisation, n_attendees (people,
-- however many sessions they came to), pct_of_attendees (of those who answered the question).
with matched as (
    select organisation
    from session_respondents()
    where in_filters(life_stages, organisation, $life_stages::varchar[], $organisations::varchar[])
)

select
    organisation,
    count(*) as n_attendees,
    round(100.0 * count(*) / sum(count(*)) over (), 1) as pct_of_attendees
from matched
where organisation is not null
group by organisation
order by n_attendees desc, organisation;
