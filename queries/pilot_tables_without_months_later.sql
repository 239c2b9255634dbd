-- name: pilot_tables_without_months_later()
-- One row per pilot rating table (pilot_rating, pilot_rating_loaded) whose phase check was made
-- before the 'months_later' phase existed: those queries/rebuild_pilot_rating.sql rebuilds.
select distinct table_name
from duckdb_constraints()
where
    table_name in ('pilot_rating', 'pilot_rating_loaded')
    and constraint_type = 'CHECK'
    and constraint_text like '%follow_up%'
    and constraint_text not like '%months_later%'
order by table_name;
