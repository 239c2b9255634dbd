-- name: batch_cohort_ids(batch_id)
-- One row per cohort whose pilot ratings, Likert answers or feedback the batch holds: cohort_id.
select cohort_id from pilot_rating_loaded where batch_id = $batch_id
union
select cohort_id from likert_answer_loaded where batch_id = $batch_id
union
select cohort_id from feedback_loaded where batch_id = $batch_id;
