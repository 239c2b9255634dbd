-- name: schema_security()
-- Tables for sign-in security: every login attempt (for the lockout) and, per user, the time
-- before which their login cookies no longer count (set at logout).
create table if not exists login_attempt (
    username varchar not null,
    attempted_at timestamp not null,
    succeeded boolean not null
);

create table if not exists session_revocation (
    username varchar primary key,
    valid_after timestamp not null
);
