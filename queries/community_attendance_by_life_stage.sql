-- name: community_attendance_by_life_stage(life_stages, organisations)
-- One row per life stage (all five, in order) for the session attendees who answered the
-- baseline survey and are in the filters (session_respondents): n_attendees who work in it,
-- n_answered (attendees who named a life stage) and pct_of_attendees (of n_answered; several
-- can be named, so shares add up to more than 100%).
with matched as (
    select life_stages
    from session_respondents()
    where
        len(life_stages) > 0
        and in_filters(
            life_stages, organisation, $life_stages::varchar[], $organisations::varchar[]
        )
)

select
    life_stage.life_stage,
    count(matched.life_stages) as n_attendees,
    (select count(*) from matched) as n_answered,
    round(100.0 * count(matched.life_stages) / nullif((select count(*) from matched), 0), 1)
        as pct_of_attendees
from life_stage
left join matched on list_contains(matched.life_stages, life_stage.life_stage)
group by life_stage.life_stage, life_stage.position
order by life_stage.position;
