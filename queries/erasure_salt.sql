-- name: erasure_salt()
-- One row, once anything has been erased: the installation's salt for erased e-mails.
select salt from erasure_salt where salt_id = 1;
