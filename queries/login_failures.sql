-- name: login_failures(username, since)
-- One row per failed login of the user name since $since and after their latest success,
-- newest first.
select attempted_at
from login_attempt
where username = $username
    and not succeeded
    and attempted_at >= $since
    and attempted_at > coalesce(
        (select max(attempted_at) from login_attempt where username = $username and succeeded),
        '-infinity'::timestamp
    )
order by attempted_at desc;
