-- name: schema_admin()
-- The audit log: every change to users and every erasure, who did it and when (an erasure is
-- logged without the erased person's personal data).
create table if not exists audit_log (
    logged_at timestamp not null default current_timestamp,
    actor varchar not null,
    action varchar not null,
    target varchar,
    detail varchar
);
