-- name: store_statements()
-- Adds any Likert statement text not seen before.
insert into statement (statement_text)
select distinct statement from staged_likert
where statement not in (select statement_text from statement);
