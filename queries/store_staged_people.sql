-- name: store_staged_people(staged_table)
-- Maps every staged row to a person_id in temp table staged_person_map (source_row, person_id,
-- is_new, n_rows: how many staged rows a new person has):
-- people are matched by e-mail, else by external reference, never by typed name; anyone new
-- gets a fresh id (rows of one new person share it).
create or replace temp table staged_person_map as
with staged as (
    select
        source_row,
        email,
        external_ref,
        coalesce('email:' || email, 'ref:' || external_ref, 'row:' || source_row) as match_key
    from query_table($staged_table)
),

match_keys as (
    select
        match_key, any_value(email) as email, any_value(external_ref) as external_ref,
        count(*) as n_rows
    from staged
    group by match_key
),

known as (
    select
        match_keys.match_key, match_keys.n_rows,
        coalesce(by_email.person_id, by_ref.person_id) as person_id
    from match_keys
    left join person as by_email on by_email.email = match_keys.email
    left join person as by_ref
        on match_keys.email is null and by_ref.external_ref = match_keys.external_ref
),

ids as (
    select
        match_key,
        coalesce(person_id, nextval('seq_person_id')) as person_id,
        person_id is null as is_new,
        n_rows
    from known
)

select staged.source_row, ids.person_id, ids.is_new, ids.n_rows
from staged
join ids using (match_key);
