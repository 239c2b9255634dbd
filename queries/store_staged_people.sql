-- name: store_staged_people(staged_table)
-- Maps every staged row to a person_id in temp table staged_person_map (source_row, person_id,
-- is_new, n_rows: how many staged rows a new person has):
-- people are matched by e-mail, else by external reference, never by typed name; anyone new
-- gets a fresh id (rows of one new person share it).
create or replace temp table staged_person_map as
with staged as (
    -- A row's match key is its e-mail, else its reference, else the row itself: three columns,
    -- at most one set, rather than one text built per row (on a million rows a third of the
    -- query's time and memory).
    select
        source_row,
        email,
        external_ref,
        if(email is null, external_ref, null) as ref_key,
        if(email is null and external_ref is null, source_row, null) as row_key
    from query_table($staged_table)
),

match_keys as (
    select email, ref_key, row_key, count(*) as n_rows
    from staged
    group by email, ref_key, row_key
),

known as (
    select
        match_keys.email, match_keys.ref_key, match_keys.row_key, match_keys.n_rows,
        coalesce(by_email.person_id, by_ref.person_id) as person_id
    from match_keys
    left join person as by_email on by_email.email = match_keys.email
    left join person as by_ref on by_ref.external_ref = match_keys.ref_key
),

ids as (
    select
        email, ref_key, row_key,
        coalesce(person_id, nextval('seq_person_id')) as person_id,
        person_id is null as is_new,
        n_rows
    from known
)

select staged.source_row, ids.person_id, ids.is_new, ids.n_rows
from staged
join ids
    on staged.email is not distinct from ids.email
    and staged.ref_key is not distinct from ids.ref_key
    and staged.row_key is not distinct from ids.row_key;
