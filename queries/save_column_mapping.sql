-- name: save_column_mapping(form_signature, field, header, saved_by)
-- Remembers the header a user picked for a field of this form.
insert or replace into column_mapping (form_signature, field, header, saved_by)
values ($form_signature, $field, $header, $saved_by);
