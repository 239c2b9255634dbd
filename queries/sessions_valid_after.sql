-- name: sessions_valid_after(username)
-- One row if the user's older login cookies were revoked: the time they count from.
select valid_after from session_revocation where username = $username;
