-- name: community_attendee_respondents()
-- One row per combination of baseline answers of the session attendees who answered the
-- baseline survey (session_respondents): life_stages, organisation, interest, n_respondents.
-- The shape of baseline_population, so the board's differencing check counts any filter from
-- these few rows. No personal data out.
select life_stages, organisation, interest, count(*) as n_respondents
from session_respondents()
group by all;
