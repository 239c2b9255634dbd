-- name: upsert_people(staged_table)
-- Inserts new people and refreshes name/team of known ones from the staged rows
-- (latest submission wins; a blank answer never erases a known value).
insert into person (person_id, email, external_ref, name, team)
select distinct on (map.person_id)
    map.person_id, staged.email, staged.external_ref, staged.name, staged.team
from staged_person_map as map
join query_table($staged_table) as staged using (source_row)
order by map.person_id, staged.submitted_at desc nulls last
on conflict (person_id) do update set
    email = coalesce(excluded.email, person.email),
    external_ref = coalesce(excluded.external_ref, person.external_ref),
    name = coalesce(excluded.name, person.name),
    team = coalesce(excluded.team, person.team);
