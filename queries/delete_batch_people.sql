-- name: delete_batch_people(batch_id)
-- Removes the people of an undone batch whom no other loaded batch holds (run while the
-- batch's rows are still kept, after it is marked undone).
delete from person
where
    person_id in (
        select person_id from baseline_submission where batch_id = $batch_id
        union
        select person_id from pilot_rating_loaded where batch_id = $batch_id
        union
        select person_id from likert_answer_loaded where batch_id = $batch_id
        union
        select person_id from feedback_loaded where batch_id = $batch_id
    )
    and person_id not in (
        -- Submissions of batches undone before these rows were deleted on undo are kept still.
        select submission.person_id
        from baseline_submission as submission
        join upload_batch using (batch_id)
        where upload_batch.status = 'loaded'
        union
        select person_id from pilot_rating_loaded where batch_id <> $batch_id
        union
        select person_id from likert_answer_loaded where batch_id <> $batch_id
        union
        select person_id from feedback_loaded where batch_id <> $batch_id and person_id is not null
    );
