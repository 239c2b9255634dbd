-- name: remember_erased_email(salt, email)
-- Remembers that $email (trimmed, case-folded) was erased, as sha256($salt || e-mail) only.
insert or ignore into erased_email (email_hash)
values (sha256($salt || lower(trim($email))));
