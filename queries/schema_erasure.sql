-- name: schema_erasure()
-- What an erasure remembers, so a later upload holding the person leaves them out: each erased
-- e-mail as a salted SHA-256 hash (never the e-mail itself), and the installation's random salt
-- (one row, made at the first erasure).
create table if not exists erasure_salt (
    salt_id integer primary key check (salt_id = 1),
    salt varchar not null
);

create table if not exists erased_email (
    email_hash varchar primary key
);
