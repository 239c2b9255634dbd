-- name: prune_login_attempts(before)
-- Forgets the login attempts made before $before: too old to start or extend a lockout.
delete from login_attempt where attempted_at < $before;
