-- name: people_by_name(full_name)
-- One row per person whose name is $full_name (case-folded, spaces trimmed and runs of them as one):
-- person_id, email.
select person_id, email
from person
where lower(regexp_replace(trim(name), '\s+', ' ', 'g'))
    = lower(regexp_replace(trim($full_name), '\s+', ' ', 'g'));
