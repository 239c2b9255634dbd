-- name: revoke_sessions(username, valid_after)
-- Login cookies of the user issued before $valid_after stop counting.
insert or replace into session_revocation (username, valid_after) values ($username, $valid_after);
