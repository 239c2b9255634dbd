-- name: update_known_people(staged_table)
-- Refreshes name and team of known people from their latest staged submission, only where they
-- changed (a blank answer never erases a known value). Updating only the changed rows keeps a
-- newer export of a million known people fast.
update person
set
    name = coalesce(latest.name, person.name),
    team = coalesce(latest.team, person.team)
from (
    select distinct on (map.person_id) map.person_id, staged.name, staged.team
    from staged_person_map as map
    join query_table($staged_table) as staged using (source_row)
    where not map.is_new
    order by map.person_id, staged.submitted_at desc nulls last
) as latest
where person.person_id = latest.person_id
    and (
        (latest.name is not null and latest.name is distinct from person.name)
        or (latest.team is not null and latest.team is distinct from person.team)
    );
