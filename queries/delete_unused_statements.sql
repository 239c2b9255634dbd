-- name: delete_unused_statements()
-- Removes the Likert statements no kept answer refers to (their uploads undone).
delete from statement
where statement_id not in (select statement_id from likert_answer_loaded);
