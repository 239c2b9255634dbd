-- name: audit_log(n_latest)
-- The latest audit entries, newest first.
select logged_at, actor, action, target, detail
from audit_log
order by logged_at desc
limit $n_latest;
