-- name: community_cohort_retention(days_after_end)
-- One row per cohort with pilot participants, in plan order: cohort_label, cohort_end,
-- n_participants, n_in_workspace (participants whose e-mail, trimmed and case-folded, is a
-- member's Slack profile e-mail) and n_active_after_end (of those, members who posted a counted
-- message on a UTC date in (cohort_end, cohort_end + $days_after_end]). No rows when no Slack
-- export is loaded: who joined is unknown then, not zero. No personal data out.
with participants as (
    select distinct
        pilot_rating.cohort_id,
        pilot_rating.person_id,
        lower(trim(person.email)) as email
    from pilot_rating
    join person using (person_id)
),

members as (
    select user_id, lower(trim(email)) as email
    from slack_member
    where is_member and email is not null
),

matched as (
    select participants.cohort_id, participants.person_id, members.user_id
    from participants
    join members using (email)
),

active as (
    select distinct matched.cohort_id, matched.person_id
    from matched
    join cohort using (cohort_id)
    join slack_message as message
        on message.user_id = matched.user_id and message.is_counted
    where
        message.posted_at::date > cohort.end_date
        and message.posted_at::date <= cohort.end_date + $days_after_end::integer
)

select
    cohort.cohort_id,
    cohort.life_stage || ' #' || cohort.cohort_number as cohort_label,
    cohort.end_date as cohort_end,
    count(distinct participants.person_id) as n_participants,
    count(distinct matched.person_id) as n_in_workspace,
    count(distinct active.person_id) as n_active_after_end
from cohort
join participants using (cohort_id)
left join matched using (cohort_id, person_id)
left join active using (cohort_id, person_id)
where exists (select 1 from slack_export)
group by cohort.cohort_id, cohort.life_stage, cohort.cohort_number, cohort.end_date
order by
    (select position from life_stage where life_stage.life_stage = cohort.life_stage),
    cohort.cohort_number;
