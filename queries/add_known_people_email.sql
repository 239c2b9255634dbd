-- name: add_known_people_email(staged_table)
-- A person first known by external reference who now gives an e-mail gets it recorded.
update person
set email = latest.email
from (
    select distinct on (map.person_id) map.person_id, staged.email
    from staged_person_map as map
    join query_table($staged_table) as staged using (source_row)
    where not map.is_new and staged.email is not null
    order by map.person_id, staged.submitted_at desc nulls last
) as latest
where person.person_id = latest.person_id and person.email is null;
