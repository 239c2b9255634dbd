-- name: create_erasure_salt(salt)
-- Makes $salt the installation's salt for erased e-mails, unless it has one already.
insert or ignore into erasure_salt (salt_id, salt) values (1, $salt);
