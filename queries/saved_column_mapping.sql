-- name: saved_column_mapping(form_signature)
-- One row per field a user mapped by hand for this form: field, header.
select field, header from column_mapping where form_signature = $form_signature;
