-- name: record_login_attempt(username, attempted_at, succeeded)
-- Records one login attempt.
insert into login_attempt (username, attempted_at, succeeded)
values ($username, $attempted_at, $succeeded);
