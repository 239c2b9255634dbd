-- name: staged_pilot_dates()
-- One row: the first and last submission dates of the staged pilot responses (for a cohort
-- the plan did not have yet).
select min(submitted_at)::date as first_date, max(submitted_at)::date as last_date
from staged_pilot_response;
