-- name: upsert_people(staged_table)
-- Inserts the people of the staged rows not known before (one row per person, from their
-- latest submission). Known people are refreshed by update_known_people.
insert into person (person_id, email, external_ref, name, team)
select distinct on (map.person_id)
    map.person_id, staged.email, staged.external_ref, staged.name, staged.team
from staged_person_map as map
join query_table($staged_table) as staged using (source_row)
where map.is_new
order by map.person_id, staged.submitted_at desc nulls last;
