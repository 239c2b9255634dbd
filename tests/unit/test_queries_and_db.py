"""Named queries, bound parameters and all-or-nothing transactions."""

from __future__ import annotations

import re
from collections import Counter

import duckdb
import pytest

from chatr import db, queries
from chatr.paths import QUERY_DIR
from chatr.reference import LIFE_STAGES
from tests.conftest import demo_respondents

ALL_QUERIES = sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


@pytest.mark.parametrize("name", ALL_QUERIES)
def test_every_query_file_declares_its_name_and_parameters(name):
    query = queries.load(name)
    used = set(re.findall(r"\$(\w+)", query.sql))
    assert used == set(query.params), f"{name}: declared {query.params}, uses {sorted(used)}"
    assert query.sql.splitlines()[1].startswith("-- "), f"{name}: say what comes out on line 2"


def test_missing_parameter_is_refused(demo_con):
    with pytest.raises(TypeError, match="life_stages"):
        queries.read(demo_con, "baseline_answered", organisations=None)


def test_extra_parameters_are_not_passed_to_duckdb(demo_con):
    frame = queries.read(
        demo_con, "baseline_answered", wave_id=1, life_stages=None, organisations=None, x=1
    )
    assert int(frame.n_respondents.iloc[0]) == 100


def test_filter_values_are_bound_not_spliced(demo_con):
    """A hostile filter value is just a value: no error, no match, the table still there."""
    hostile = ["Perinatal'); drop table baseline_response; --"]
    frame = queries.read(
        demo_con, "baseline_answered", wave_id=1, life_stages=hostile, organisations=None
    )
    assert int(frame.n_respondents.iloc[0]) == 0
    assert (
        int(
            queries.read(
                demo_con, "baseline_answered", wave_id=1, life_stages=None, organisations=None
            ).n_respondents.iloc[0]
        )
        == 100
    )


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    tables = [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where not temporary"
        ).fetchall()
    ]
    return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in tables}


def test_a_failed_transaction_leaves_every_table_as_it_was(fresh_con):
    before = _snapshot(fresh_con)
    with pytest.raises(duckdb.ConstraintException), db.transaction(fresh_con) as tx:
        tx.execute("delete from baseline_response")
        tx.execute("insert into comms_event (event_date, kind, title) values (null, 'x', 'y')")
    assert _snapshot(fresh_con) == before


def test_a_transaction_commits_and_bumps_the_data_version(fresh_con):
    version = db.data_version(fresh_con)
    with db.transaction(fresh_con) as tx:
        tx.execute(
            "insert into comms_event (event_date, kind, title) values ('2022-01-01', 'x', 'y')"
        )
    assert db.data_version(fresh_con) == version + 1
    assert fresh_con.execute("select count(*) from comms_event where kind = 'x'").fetchall() == [
        (1,)
    ]


def assert_counts_match_responses(con) -> None:
    """baseline_cube holds exactly baseline_response's rows counted by answer combination."""
    answers = "life_stages, organisation, organisation_other, practice_use_score, interest"
    responses = Counter(
        (tuple(row[0]), *row[1:])
        for row in con.execute(f"select {answers} from baseline_response").fetchall()
    )
    cube = {
        (tuple(row[0]), *row[1:-1]): row[-1]
        for row in con.execute(f"select {answers}, n_respondents from baseline_cube").fetchall()
    }
    assert cube == dict(responses)


def test_a_database_made_before_the_baseline_counts_gets_them_on_opening(fresh_con):
    fresh_con.execute("drop table baseline_cube")
    db.apply_schema(fresh_con)
    assert fresh_con.execute("select sum(n_respondents) from baseline_cube").fetchall() == [
        (len(demo_respondents()),)
    ]
    assert_counts_match_responses(fresh_con)


def test_missing_database_says_how_to_create_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m chatr init"):
        db.connect(tmp_path / "none.duckdb")


def test_sql_reads_the_life_stages_of_chatr_reference(demo_con):
    rows = demo_con.execute("select life_stage, position from life_stage order by position")
    assert [stage for stage, _ in rows.fetchall()] == list(LIFE_STAGES)
    # No query spells the stages out again: they come from the table.
    for path in QUERY_DIR.glob("*.sql"):
        if path.stem == "schema":
            continue
        assert "'Perinatal'" not in path.read_text(), f"{path.name} lists the life stages"


def test_the_filter_macro_knows_every_life_stage_of_chatr_reference(demo_con):
    # in_filters tests the stages one by one (four times faster than list_has_any), so it names
    # them: each stage of chatr/reference.py must find a respondent who works only in it.
    for stage in LIFE_STAGES:
        found = demo_con.execute(
            "select in_filters([$stage], 'School', [$stage], null)", {"stage": stage}
        ).fetchall()
        assert found == [(True,)], f"in_filters drops respondents in {stage}"
    macro = (QUERY_DIR / "schema.sql").read_text()
    named = set(re.findall(r"list_contains\(stages, '([^']+)'\)", macro))
    assert named == set(LIFE_STAGES)


def test_a_new_life_stage_reaches_sql_from_the_reference_list(fresh_con):
    queries.write(fresh_con, "seed_life_stages", life_stages=[*LIFE_STAGES, "25+"])
    stages = queries.read(
        fresh_con, "baseline_life_stages", wave_id=1, life_stages=None, organisations=None
    )
    assert list(stages["life_stage"]) == [*LIFE_STAGES, "25+"]


def test_queries_run_all_at_once_give_each_answer_in_order_or_the_error(demo_con):
    names = ["baseline_answered", "survey_waves", "baseline_interest"] * 4
    params = {"wave_id": 1, "life_stages": ["Perinatal"], "organisations": None}
    one_by_one = [queries.read(demo_con, name, **params) for name in names]
    together = db.all_at_once(
        *(lambda n=name: queries.read(demo_con, n, **params) for name in names)
    )
    assert [t.to_dict("records") for t in together] == [t.to_dict("records") for t in one_by_one]
    with pytest.raises(duckdb.CatalogException):
        db.all_at_once(
            lambda: queries.read(demo_con, "survey_waves"),
            lambda: demo_con.cursor().execute("select * from no_such_table").fetchall(),
        )
