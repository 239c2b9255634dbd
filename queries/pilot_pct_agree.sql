-- name: pilot_pct_agree(cohort_id)
-- One row per Likert statement of the cohort: n answered, n agreeing (agree or strongly agree)
-- and the % agreeing.
select
    statement.statement_text,
    count(*) as n_answered,
    count(*) filter (where likert_answer.level >= 4) as n_agree,
    round(100.0 * count(*) filter (where likert_answer.level >= 4) / count(*), 1) as pct_agree
from likert_answer
join statement using (statement_id)
where likert_answer.cohort_id = $cohort_id
group by statement.statement_id, statement.statement_text
order by statement.statement_id;
