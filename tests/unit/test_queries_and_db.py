"""Named queries, bound parameters and all-or-nothing transactions."""

from __future__ import annotations

import re

import duckdb
import pytest

from chatr import db, queries
from chatr.paths import QUERY_DIR

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
    frame = queries.read(demo_con, "baseline_answered", life_stages=None, organisations=None, x=1)
    assert int(frame.n_respondents.iloc[0]) == 100


def test_filter_values_are_bound_not_spliced(demo_con):
    """A hostile filter value is just a value: no error, no match, the table still there."""
    hostile = ["Perinatal'); drop table baseline_response; --"]
    frame = queries.read(demo_con, "baseline_answered", life_stages=hostile, organisations=None)
    assert int(frame.n_respondents.iloc[0]) == 0
    assert (
        int(
            queries.read(
                demo_con, "baseline_answered", life_stages=None, organisations=None
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


def test_missing_database_says_how_to_create_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m chatr init"):
        db.connect(tmp_path / "none.duckdb")
