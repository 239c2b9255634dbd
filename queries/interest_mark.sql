-- name: interest_mark(person_ids, status, cohort_id, marked_by)
-- Marks each person invited to, or allocated a place in, the cohort (replacing an earlier mark).
insert into recruitment_mark (person_id, status, cohort_id, marked_by)
select unnest($person_ids::integer[]), $status, $cohort_id, $marked_by
on conflict (person_id) do update set
    status = excluded.status,
    cohort_id = excluded.cohort_id,
    marked_by = excluded.marked_by,
    marked_at = excluded.marked_at;
