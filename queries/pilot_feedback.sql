-- name: pilot_feedback(cohort_id)
-- One row per piece of free text for the cohort: kind (quote, went_well, improve, hope) and text,
-- without who wrote it.
select kind, feedback_text
from feedback
where cohort_id = $cohort_id
order by kind, feedback_id;
