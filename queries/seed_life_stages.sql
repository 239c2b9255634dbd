-- name: seed_life_stages(life_stages)
-- Writes table life_stage, one row per life stage of chatr/reference.py in its order: the one
-- list SQL reads the stages from. Made anew whenever the database is opened, so it always
-- follows the code.
create or replace table life_stage as
select
    unnest($life_stages::varchar[]) as life_stage,
    unnest(range(1, len($life_stages::varchar[]) + 1)) as position;
