-- name: plan_history(n_latest)
-- The latest $n_latest plan changes, newest first: when, who, action, subject and detail.
select change_id, changed_at, changed_by, action, subject, detail
from plan_change
order by changed_at desc, change_id desc
limit $n_latest;
