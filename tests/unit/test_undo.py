"""Undo and newer exports lose nothing: undoing a batch gives back every table exactly as it was
before the batch (whatever the kind), a newer export replaces instead of adding, and the
history and undo are on the command line too."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest

from chatr import admin, db, demo, figures, upload
from chatr.filters import Filters
from tests.conftest import DATA, ROOT
from tests.unit import engagement_oracle as oracle
from tests.unit.test_auth_and_cli import cli
from tests.unit.test_community import _newer_export

FIXTURES = ROOT / "tests" / "fixtures"
PRE = FIXTURES / "google_forms" / "Pilot cohort - baseline (pre).csv"
POST = FIXTURES / "google_forms" / "Pilot cohort - follow-up (post).csv"
SCORE = "To what extent is ACEs, trauma-informed care, or resilience used"
# Bookkeeping an undo may change: the batch's status and who undid it, and the cache key.
UNDO_COLUMNS = ("status", "undone_by", "undone_at")


def snapshot(con, new_batch: int = 0) -> dict[str, list[str]]:
    """Every row of every table, but the undo bookkeeping (UNDO_COLUMNS, the data version) and
    the history row of `new_batch`."""
    tables = [
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where not temporary order by 1"
        ).fetchall()
    ]
    shot = {}
    for table in tables:
        if table == "data_version":
            continue
        columns = [
            row[0]
            for row in con.execute(
                "select column_name from duckdb_columns() where table_name = ? "
                "order by column_index",
                [table],
            ).fetchall()
            if table != "upload_batch" or row[0] not in UNDO_COLUMNS
        ]
        listed = ", ".join(f'"{c}"' for c in columns)
        where = "where batch_id <> ?" if table == "upload_batch" else "where ? = ?"
        params = [new_batch] if table == "upload_batch" else [1, 1]
        rows = con.execute(f'select {listed} from "{table}" {where}', params).fetchall()  # noqa: S608
        shot[table] = sorted(map(repr, rows))
    return shot


def changed_csv(data: bytes, column: str, change: Callable[[str], str], n_rows: int = 3) -> bytes:
    """The CSV with `change` applied to the first `n_rows` non-blank cells of the column whose
    header holds `column`: a newer export of the same survey."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    index = next(i for i, header in enumerate(rows[0]) if column in header)
    changed = 0
    for row in rows[1:]:
        if changed < n_rows and row[index].strip():
            row[index] = change(row[index])
            changed += 1
    assert changed == n_rows
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if text.startswith('"') else csv.QUOTE_MINIMAL
    csv.writer(out, quoting=quoting, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def another_export(path) -> bytes:
    """The same answers in another file: one more line break (its own kind), so another sha."""
    data = path.read_bytes()
    return data + (b"\r\n" if data.endswith(b"\r\n") else b"\n")


def other_score(value: str) -> str:
    return str((int(value) + 3) % 11)


def load(con, data: bytes, name: str, kind: str, cohort: str | None = None) -> upload.Outcome:
    outcome = upload.load_file(con, data, name, kind, cohort=cohort, uploaded_by="test")
    assert outcome.status == "loaded", outcome.problems
    return outcome


def with_pilot(con, cohort: str = "Perinatal #2") -> None:
    """Both surveys of a cohort from Google Forms (11 participants)."""
    load(con, PRE.read_bytes(), PRE.name, "pilot_pre", cohort)
    load(con, POST.read_bytes(), POST.name, "pilot_post", cohort)


def newer_baseline() -> bytes:
    """Three scores changed and one more respondent (someone the database has not seen)."""
    data = changed_csv((DATA / "baseline.csv").read_bytes(), "practice_use_score", other_score)
    new = "2020-12-20 10:00:00,new.person@example.org,New Person,Team,0-5,School,,4,Yes\n"
    return data + new.encode()


def newer_plan() -> bytes:
    """A cohort's places and another's location changed, and one more cohort."""
    data = changed_csv((DATA / "cohorts.csv").read_bytes(), "places", lambda v: "14", 1)
    data = changed_csv(data, "location", lambda v: "Stratford", 2)
    return data + b"Perinatal,3,2022-01-10,2022-02-04,11,Online (Zoom),\n"


def newer_comms() -> bytes:
    data = changed_csv((DATA / "comms.csv").read_bytes(), "title", lambda v: v + " (moved)", 1)
    return data + b"2022-03-01,newsletter,Spring newsletter\n"


# (kind, cohort, file name, the newer export's bytes, and what to load first on the demo).
NEWER_EXPORTS = {
    "baseline": ("baseline", None, "baseline.csv", newer_baseline, None),
    "pilot": (
        "pilot", "Perinatal #1", "pilot_perinatal_1.csv",
        lambda: changed_csv((DATA / "pilot_perinatal_1.csv").read_bytes(), "practice_use_score",
                            other_score),
        None,
    ),
    "pilot_pre": (
        "pilot_pre", "Perinatal #2", PRE.name,
        lambda: changed_csv(PRE.read_bytes(), SCORE, other_score), with_pilot,
    ),
    "pilot_post": (
        "pilot_post", "Perinatal #2", POST.name,
        lambda: changed_csv(POST.read_bytes(), SCORE, other_score), with_pilot,
    ),
    "feedback": (
        "feedback", "Perinatal #1", "feedback_perinatal_1.csv",
        lambda: changed_csv((DATA / "feedback_perinatal_1.csv").read_bytes(), "text",
                            lambda v: v + " (edited)", 2),
        None,
    ),
    "cohorts": ("cohorts", None, "cohorts.csv", newer_plan, None),
    "comms": ("comms", None, "comms.csv", newer_comms, None),
    "community": (
        "community", None, "slack.zip", lambda: _newer_export(oracle.SLACK_ZIP.read_bytes()),
        lambda con: load(con, oracle.SLACK_ZIP.read_bytes(), oracle.SLACK_ZIP.name, "community"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(NEWER_EXPORTS))
def test_undoing_a_newer_export_gives_back_every_table_as_it_was(fresh_con, case):
    kind, cohort, name, newer, setup = NEWER_EXPORTS[case]
    if setup:
        setup(fresh_con)
    before, before_figures = snapshot(fresh_con), figures.figures(fresh_con, Filters())
    outcome = load(fresh_con, newer(), f"newer {name}", kind, cohort)
    assert snapshot(fresh_con) != before  # the newer export changed something
    upload.undo(fresh_con, outcome.batch_id, undone_by="the_admin")
    assert snapshot(fresh_con, outcome.batch_id) == before
    assert upload.history(fresh_con)["status"].iloc[0] == "undone"
    assert figures.figures(fresh_con, Filters()) == before_figures


def test_undoing_a_newer_post_survey_brings_back_all_eleven_after_ratings(fresh_con):
    with_pilot(fresh_con)
    before = _cohort(fresh_con, "Perinatal #2")
    assert before["matched_pairs"] == 11
    newer = changed_csv(POST.read_bytes(), SCORE, other_score)
    outcome = load(fresh_con, newer, "newer.csv", "pilot_post", "Perinatal #2")
    assert _cohort(fresh_con, "Perinatal #2")["after"] != before["after"]
    upload.undo(fresh_con, outcome.batch_id, undone_by="the_admin")
    assert _cohort(fresh_con, "Perinatal #2") == before


def test_undoing_the_older_export_keeps_the_newer_ones_answers(fresh_con):
    with_pilot(fresh_con)
    older = int(upload.history(fresh_con)["batch_id"].iloc[0])  # the post survey
    newer = changed_csv(POST.read_bytes(), SCORE, other_score)
    load(fresh_con, newer, "newer.csv", "pilot_post", "Perinatal #2")
    expected = _cohort(fresh_con, "Perinatal #2")
    upload.undo(fresh_con, older, undone_by="the_admin")
    assert _cohort(fresh_con, "Perinatal #2") == expected


def test_undoing_an_older_plan_keeps_what_the_newer_one_planned(fresh_con):
    plan_batch = int(upload.history(fresh_con).query("kind == 'cohorts'")["batch_id"].iloc[0])
    load(fresh_con, newer_plan(), "newer cohorts.csv", "cohorts")
    expected = _plan(fresh_con)
    upload.undo(fresh_con, plan_batch, undone_by="the_admin")
    assert _plan(fresh_con) == expected
    comms_batch = int(upload.history(fresh_con).query("kind == 'comms'")["batch_id"].iloc[0])
    load(fresh_con, newer_comms(), "newer comms.csv", "comms")
    upload.undo(fresh_con, comms_batch, undone_by="the_admin")
    listed = list(csv.DictReader(io.StringIO(newer_comms().decode())))
    assert [(str(d), k, t) for d, k, t in _events(fresh_con)] == sorted(
        (row["event_date"], row["kind"], row["title"]) for row in listed
    )  # the events the newer upload lists, not one fewer


def test_undoing_a_pilot_removes_the_people_no_other_batch_holds(fresh_con):
    people = fresh_con.execute("select count(*) from person").fetchall()[0][0]
    strangers = changed_csv(PRE.read_bytes(), "Email address", lambda v: "new." + v, 11)
    pre = load(fresh_con, strangers, PRE.name, "pilot_pre", "0-5 #2")
    assert fresh_con.execute("select count(*) from person").fetchall()[0][0] > people
    upload.undo(fresh_con, pre.batch_id, undone_by="the_admin")
    assert fresh_con.execute("select count(*) from person").fetchall()[0][0] == people
    demo_baseline = int(upload.history(fresh_con).query("kind == 'baseline'")["batch_id"].iloc[0])
    upload.undo(fresh_con, demo_baseline, undone_by="the_admin")
    # The pilot participants of Perinatal #1 are in the pilot batch as well: they stay.
    pilot_people = fresh_con.execute(
        "select count(distinct person_id) from pilot_rating"
    ).fetchall()[0][0]
    assert fresh_con.execute("select count(*) from person").fetchall()[0][0] == pilot_people


def test_the_history_says_who_undid_a_batch_and_when(fresh_con):
    batch = int(upload.history(fresh_con)["batch_id"].iloc[0])
    upload.undo(fresh_con, batch, undone_by="the_admin")
    row = upload.history(fresh_con).set_index("batch_id").loc[batch]
    assert row.status == "undone" and row.undone_by == "the_admin"
    assert row.undone_at >= row.uploaded_at
    shown = upload.history_table(upload.history(fresh_con))
    assert {"Undone by", "Undone at"} <= set(shown.columns)


def test_a_newer_export_replaces_each_persons_feedback_instead_of_adding_it(fresh_con):
    with_pilot(fresh_con)
    items = _cohort(fresh_con, "Perinatal #2")["feedback_items"]
    demo_items = _cohort(fresh_con, "Perinatal #1")["feedback_items"]
    assert items > 0 and demo_items > 0
    load(fresh_con, another_export(POST), "again.csv", "pilot_post", "Perinatal #2")
    assert _cohort(fresh_con, "Perinatal #2")["feedback_items"] == items
    demo_pilot = another_export(DATA / "pilot_perinatal_1.csv")
    load(fresh_con, demo_pilot, "pilot again.csv", "pilot", "Perinatal #1")
    demo_feedback = another_export(DATA / "feedback_perinatal_1.csv")
    load(fresh_con, demo_feedback, "feedback again.csv", "feedback", "Perinatal #1")
    assert _cohort(fresh_con, "Perinatal #1")["feedback_items"] == demo_items


def test_erasing_a_person_leaves_nothing_in_the_kept_exports(fresh_con):
    with_pilot(fresh_con)
    load(fresh_con, changed_csv(POST.read_bytes(), SCORE, other_score), "n.csv", "pilot_post",
         "Perinatal #2")  # fmt: skip
    person_id = fresh_con.execute(
        "select person_id from person where email = 'philip.edwards@nhs.example'"
    ).fetchall()[0][0]
    admin.erase_person(fresh_con, "the_admin", "philip.edwards@nhs.example")
    for table in _person_tables(fresh_con):
        found = fresh_con.execute(
            f"select count(*) from {table} where person_id = ?",  # noqa: S608
            [person_id],
        ).fetchall()[0][0]
        assert found == 0, table


def _person_tables(con) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "select table_name from duckdb_columns() where column_name = 'person_id' "
            "and not internal and table_name in (select table_name from duckdb_tables())"
        ).fetchall()
    ]


def _cohort(con, label: str) -> dict:
    return next(c for c in figures.figures(con, Filters())["cohorts"] if c["cohort"] == label)


def _plan(con) -> list[tuple]:
    return con.execute(
        "select life_stage, cohort_number, start_date, end_date, places, location, is_cancelled "
        "from cohort order by all"
    ).fetchall()


def _events(con) -> list[tuple]:
    return con.execute("select event_date, kind, title from comms_event order by all").fetchall()


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("undo-cli")
    assert cli(home, "init", "--demo").returncode == 0
    return home


def test_cli_history_lists_the_batches_newest_first(cli_home):
    result = cli(cli_home, "history", "--json")
    assert result.returncode == 0, result.stderr
    batches = json.loads(result.stdout)
    n_demo_files = len(demo.DEMO_FILES) + len(demo.DEMO_LATER_WAVES)  # chatr init --demo loads all
    assert [b["batch"] for b in batches] == list(range(n_demo_files, 0, -1))
    assert set(batches[0]) == {"batch", "file", "kind", "rows", "status", "by", "at"}
    assert batches[-1]["kind"] == "cohorts" and batches[-1]["status"] == "loaded"
    assert batches[0]["by"] == "demo" and batches[0]["at"][:4].isdigit() and "T" in batches[0]["at"]
    text = cli(cli_home, "history")
    assert text.returncode == 0 and "feedback_perinatal_1.csv" in text.stdout


def test_cli_undo_then_refuses_the_same_batch_again(cli_home):
    done = cli(cli_home, "undo", "2", "--by", "jsmith")
    assert done.returncode == 0 and "undone" in done.stdout
    batches = {b["batch"]: b for b in json.loads(cli(cli_home, "history", "--json").stdout)}
    assert batches[2]["status"] == "undone"
    listed = cli(cli_home, "history")
    assert listed.returncode == 0 and "undone by jsmith" in listed.stdout, listed.stderr
    again = cli(cli_home, "undo", "2")
    assert again.returncode == 1 and "not a loaded batch" in again.stderr
    assert "Traceback" not in again.stderr
    assert cli(cli_home, "undo", "99").returncode == 1
    assert cli(cli_home, "undo", "two").returncode == 2


def test_a_database_made_before_the_kept_exports_gets_them_on_opening(fresh_con):
    with_pilot(fresh_con)
    current = snapshot(fresh_con)
    for table in ("pilot_rating_loaded", "likert_answer_loaded", "feedback_loaded",
                  "comms_event_loaded", "cohort_superseded"):  # fmt: skip
        fresh_con.execute(f"drop table {table}")
    db.apply_schema(fresh_con)
    assert snapshot(fresh_con) == current
    # and a newer export's undo then brings back what the database held when it was opened
    newer = changed_csv(POST.read_bytes(), SCORE, other_score)
    outcome = load(fresh_con, newer, "newer.csv", "pilot_post", "Perinatal #2")
    upload.undo(fresh_con, outcome.batch_id, undone_by="the_admin")
    assert snapshot(fresh_con, outcome.batch_id) == current


def test_undoing_a_middle_plan_then_the_newest_gives_back_the_first(fresh_con):
    first = _plan(fresh_con)
    middle = load(fresh_con, newer_plan(), "plan 2.csv", "cohorts")
    newest = changed_csv(newer_plan(), "places", lambda v: "9", 3)
    newest_batch = load(fresh_con, newest, "plan 3.csv", "cohorts")
    expected = _plan(fresh_con)
    upload.undo(fresh_con, middle.batch_id, undone_by="the_admin")
    assert _plan(fresh_con) == expected  # the newest plan still says so
    upload.undo(fresh_con, newest_batch.batch_id, undone_by="the_admin")
    assert _plan(fresh_con) == first
