-- name: store_statements()
-- Adds any Likert statement text not seen before, in the order the file asks them.
insert into statement (statement_text)
select statement
from staged_likert
where statement not in (select statement_text from statement)
group by statement
order by min(rowid);
