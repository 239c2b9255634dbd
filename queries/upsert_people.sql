-- name: upsert_people(staged_table)
-- Inserts the people of the staged rows not known before (one row per person, from their
-- latest submission). Known people are refreshed by update_known_people.
insert into person (person_id, email, external_ref, name, team)
with new_rows as (
    select
        map.person_id, map.n_rows, staged.email, staged.external_ref, staged.name, staged.team,
        staged.submitted_at
    from staged_person_map as map
    join query_table($staged_table) as staged using (source_row)
    where map.is_new
)

-- Almost everyone has one staged row; only the others need the sort for their latest
-- (about a quarter of this query's time on a million rows).
select person_id, email, external_ref, name, team
from new_rows
where n_rows = 1
union all
(
    select distinct on (person_id) person_id, email, external_ref, name, team
    from new_rows
    where n_rows > 1
    order by person_id, submitted_at desc nulls last
);
