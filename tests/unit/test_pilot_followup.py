"""The pilot follow-up (`--kind pilot_followup`): the months-later survey of a cohort, loaded from
each tool's layout after the before and after surveys, checked against figures this test computes
from the raw files (pandas, scipy); the schema migration; replacing, undoing and refusing."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from scipy import stats

from chatr import db, disclosure, figures, pilot, upload
from chatr.filters import Filters
from chatr.ingest import KIND_LABELS, template_columns
from tests.conftest import ROOT
from tests.unit.test_auth_and_cli import cli
from tests.unit.test_queries_and_db import _snapshot

FIXTURES = ROOT / "tests" / "fixtures"
FOLLOWUP = FIXTURES / "followup"
SCORE = "To what extent is ACEs, trauma-informed care, or resilience used as part of your practice?"
COHORT = "Perinatal #1"

# Per tool: the before/after uploads (file, kind) and the follow-up export.
TOOLS = {
    "google_forms": (
        [
            ("google_forms/Pilot cohort - baseline (pre).csv", "pilot_pre"),
            ("google_forms/Pilot cohort - follow-up (post).csv", "pilot_post"),
        ],
        "Pilot cohort - six months on.csv",
    ),
    "microsoft_forms": (
        [
            ("microsoft_forms/Pilot cohort - baseline (pre)(1-11).xlsx", "pilot_pre"),
            ("microsoft_forms/Pilot cohort - follow-up (post)(1-11).xlsx", "pilot_post"),
        ],
        "Pilot cohort - six months on(1-9).xlsx",
    ),
    "surveymonkey": (
        [
            ("surveymonkey/Pilot cohort - baseline (pre) - Data_All_240122.csv", "pilot_pre"),
            ("surveymonkey/Pilot cohort - follow-up (post) - Data_All_240415.csv", "pilot_post"),
        ],
        "Pilot cohort - six months on - Data_All_241021.csv",
    ),
    "qualtrics": (
        [("qualtrics/Pilot+cohort+pre+and+post_choice_text.csv", "pilot")],
        "Pilot+cohort+six+months+on_choice_text.csv",
    ),
}


# --- the oracle: each tool's raw file read with pandas, no chatr code --------------------------


def raw_scores(path, wave: str | None = None) -> dict[str, int]:
    """E-mail (trimmed, case-folded) -> 0-10 score, read from the export as the tool wrote it."""
    if path.suffix == ".xlsx":
        table = pd.read_excel(path, engine="openpyxl")
        emails, scores = table["Email2"], table[SCORE]
    elif "surveymonkey" in path.parent.name or "Data_All" in path.name:
        table = pd.read_csv(path, header=None, dtype=str)
        first, second = list(table.iloc[0]), list(table.iloc[1])
        body = table.iloc[2:]
        emails = body[second.index("Email Address")]
        scores = body[first.index(SCORE)]
    elif "+" in path.name:  # Qualtrics: three header rows, the question text in the second
        table = pd.read_csv(path, skiprows=[1, 2], dtype=str, encoding="utf-8-sig")
        if wave:
            table = table[table["Wave"].str.strip().str.lower() == wave]
        emails, scores = table["Q2"], table["Q6"]
    else:
        table = pd.read_csv(path, dtype=str)
        emails, scores = table["Email address"], table[SCORE]
    return {
        str(e).strip().lower(): int(s) for e, s in zip(emails, scores, strict=True) if pd.notna(s)
    }


def expected(tool: str) -> dict:
    """The follow-up's figures computed from the raw before and follow-up files."""
    uploads, followup_file = TOOLS[tool]
    pre_path, pre_kind = uploads[0]
    before = raw_scores(FIXTURES / pre_path, "pre" if pre_kind == "pilot" else None)
    later = raw_scores(FOLLOWUP / followup_file)
    values = pd.Series(list(later.values()), dtype=float)
    both = sorted(set(before) & set(later))
    return {
        "followup": {
            "n": len(values),
            "median": float(values.median()),
            "min": int(values.min()),
            "max": int(values.max()),
            "mean": float(values.mean()),
        },
        "n_both": len(both),
        "p": stats.wilcoxon([later[e] for e in both], [before[e] for e in both]).pvalue,
        "mean_change": sum(later[e] - before[e] for e in both) / len(both),
    }


# --- helpers ------------------------------------------------------------------------------------


def load_file(con, path, kind: str, cohort: str | None = COHORT) -> upload.Outcome:
    return upload.load_file(
        con, path.read_bytes(), path.name, kind, cohort=cohort, uploaded_by="test"
    )


def with_before_after(con, tool: str) -> None:
    for relative, kind in TOOLS[tool][0]:
        assert load_file(con, FIXTURES / relative, kind).status == "loaded"


def cohort_entry(con) -> dict:
    return next(c for c in figures.figures(con, Filters())["cohorts"] if c["cohort"] == COHORT)


@pytest.fixture
def empty_con(tmp_path):
    con = db.connect(tmp_path / "chatr.duckdb", create=True)
    yield con
    con.close()


# --- kinds ---------------------------------------------------------------------------------------


def test_the_follow_up_is_a_kind_of_upload_with_a_template():
    assert "pilot_followup" in KIND_LABELS
    assert template_columns("pilot_followup") == (
        "submitted_at", "email", "name", "team", "organisation", "organisation_other",
        "practice_use_score",
    )  # fmt: skip


# --- each tool's layout, against the raw files ---------------------------------------------------


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_follow_up_from_each_tool_matches_the_raw_files(empty_con, tool):
    with_before_after(empty_con, tool)
    unchanged = cohort_entry(empty_con)
    assert unchanged["followup"] == {"n": 0, "median": None, "min": None, "max": None, "mean": None}
    assert unchanged["followup_wilcoxon_p"] is None

    outcome = load_file(empty_con, FOLLOWUP / TOOLS[tool][1], "pilot_followup")
    assert outcome.status == "loaded", outcome.problems
    assert outcome.parsed.tool.startswith(tool)
    entry, oracle = cohort_entry(empty_con), expected(tool)

    assert entry["followup"] == pytest.approx(oracle["followup"], abs=1e-3)
    assert entry["followup_wilcoxon_p"] == pytest.approx(oracle["p"])
    assert oracle["n_both"] == 9
    # The before and after figures stay as they were.
    keep = {k: v for k, v in unchanged.items() if not k.startswith("followup")}
    assert {k: v for k, v in entry.items() if not k.startswith("followup")} == keep
    # Per participant: before, after and follow-up; "sustained" over the people with both.
    scores = pilot.scores(empty_con, _cohort_id(empty_con))
    assert set(scores.columns) >= {"score_before", "score_after", "score_followup"}
    lasting = pilot.sustained(scores)
    assert lasting.n_pairs == oracle["n_both"]
    assert lasting.mean_change == pytest.approx(oracle["mean_change"], abs=1e-3)
    assert lasting.wilcoxon_p == pytest.approx(oracle["p"])


def _cohort_id(con) -> int:
    return int(pilot.cohorts(con).set_index("cohort_label").loc[COHORT, "cohort_id"])


# --- the same file, a newer export, undo ---------------------------------------------------------


def newer_export(score_of: dict[str, int]) -> bytes:
    """The Google Forms follow-up again, a week later, with some people's scores changed."""
    table = pd.read_csv(FOLLOWUP / "Pilot cohort - six months on.csv", dtype=str)
    for email, score in score_of.items():
        table.loc[table["Email address"].str.lower() == email, SCORE] = str(score)
    table["Timestamp"] = table["Timestamp"].str.replace("2024/10/", "2024/11/")
    return table.to_csv(index=False).encode()


def followup_of(con) -> dict[str, int]:
    rows = con.execute(
        "select person.email, practice_use_score from pilot_rating join person using "
        "(person_id) where phase = 'months_later'"
    ).fetchall()
    return dict(rows)


def test_same_file_is_a_no_op_and_a_newer_export_replaces_each_answer(empty_con):
    with_before_after(empty_con, "google_forms")
    first = FOLLOWUP / "Pilot cohort - six months on.csv"
    assert load_file(empty_con, first, "pilot_followup").status == "loaded"
    again = load_file(empty_con, first, "pilot_followup")
    assert again.status == "already_loaded"
    loaded = followup_of(empty_con)
    assert len(loaded) == 9

    changed = {"philip.edwards@nhs.example": 10, "leanne.brooks@nhs.example": 2}
    outcome = upload.load_file(
        empty_con, newer_export(changed), "newer.csv", "pilot_followup", cohort=COHORT,
        uploaded_by="test",
    )  # fmt: skip
    assert outcome.status == "loaded", outcome.problems
    assert followup_of(empty_con) == loaded | changed  # replaced, never counted twice
    assert cohort_entry(empty_con)["followup"]["n"] == 9

    upload.undo(empty_con, outcome.batch_id, undone_by="test")
    assert followup_of(empty_con) == loaded  # the older export's answers are back


def test_undoing_the_follow_up_gives_back_the_database_as_before(empty_con):
    with_before_after(empty_con, "microsoft_forms")
    before = _snapshot(empty_con)
    outcome = load_file(empty_con, FOLLOWUP / TOOLS["microsoft_forms"][1], "pilot_followup")
    assert outcome.status == "loaded"
    upload.undo(empty_con, outcome.batch_id, undone_by="test")
    after = _snapshot(empty_con)
    # Only the history and the data version record that something happened.
    for bookkeeping in ("upload_batch", "data_version", "audit_log"):
        before.pop(bookkeeping, None)
        after.pop(bookkeeping, None)
    assert after == before
    assert cohort_entry(empty_con)["followup"]["n"] == 0


# --- refused files: nothing changes --------------------------------------------------------------


def test_a_score_of_11_is_refused_naming_row_and_column(empty_con):
    with_before_after(empty_con, "google_forms")
    text = (FOLLOWUP / "Pilot cohort - six months on.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ',"11"'
    before = _snapshot(empty_con)
    outcome = upload.load_file(
        empty_con, "\n".join(lines).encode(), "bad.csv", "pilot_followup", cohort=COHORT,
        uploaded_by="test",
    )  # fmt: skip
    assert outcome.status == "refused"
    problem = next(p for p in outcome.problems if p.severity == "error")
    assert (problem.row, problem.value) == (4, "11")
    assert problem.column.startswith("To what extent")
    assert _snapshot(empty_con) == before


@pytest.mark.parametrize("cohort", ["Perinatal #7", "0-5 #1"])
def test_a_follow_up_for_a_cohort_without_surveys_is_refused(empty_con, cohort):
    with_before_after(empty_con, "google_forms")
    before = _snapshot(empty_con)
    outcome = load_file(
        empty_con, FOLLOWUP / "Pilot cohort - six months on.csv", "pilot_followup", cohort
    )
    assert outcome.status == "refused"
    assert cohort in outcome.problems[-1].message
    assert "no before or after survey" in outcome.problems[-1].message
    assert _snapshot(empty_con) == before  # not even the cohort was added to the plan


def test_a_follow_up_needs_a_cohort_that_reads_as_one(empty_con):
    with pytest.raises(ValueError, match="is not a cohort"):
        load_file(empty_con, FOLLOWUP / "Pilot cohort - six months on.csv", "pilot_followup",
                  "Perinatal")  # fmt: skip


def test_cli_loads_a_follow_up(tmp_path):
    home = tmp_path / "home"
    assert cli(home, "init").returncode == 0
    for relative, kind in TOOLS["google_forms"][0]:
        done = cli(home, "load", str(FIXTURES / relative), "--kind", kind, "--cohort", COHORT)
        assert done.returncode == 0, done.stdout + done.stderr
    path = FOLLOWUP / "Pilot cohort - six months on.csv"
    done = cli(home, "load", str(path), "--kind", "pilot_followup", "--cohort", COHORT)
    assert done.returncode == 0, done.stdout + done.stderr
    other = FOLLOWUP / TOOLS["microsoft_forms"][1]  # the same file again would be a no-op
    refused = cli(home, "load", str(other), "--kind", "pilot_followup", "--cohort", "0-5 #2")
    assert refused.returncode == 1, refused.stdout
    assert "0-5 #2 has no before or after survey" in refused.stdout
    assert cli(home, "load", str(path), "--kind", "pilot_followup").returncode == 2


# --- the board -----------------------------------------------------------------------------------


def test_board_figures_withhold_a_small_follow_up(empty_con):
    with_before_after(empty_con, "google_forms")
    table = pd.read_csv(FOLLOWUP / "Pilot cohort - six months on.csv", dtype=str)
    small = table.head(3).to_csv(index=False).encode()
    assert upload.load_file(
        empty_con, small, "three.csv", "pilot_followup", cohort=COHORT, uploaded_by="test"
    ).status == "loaded"  # fmt: skip
    full = figures.figures(empty_con, Filters())
    assert full["cohorts"][0]["followup"]["n"] == 3
    board = disclosure.board_figures(full, empty_con, Filters())["cohorts"][0]
    assert set(board["followup"].values()) == {None}
    assert board["followup_wilcoxon_p"] is None
    after = full["cohorts"][0]["after"]
    assert board["after"] == after | {"mean": round(after["mean"], 1)}  # as before


def test_board_figures_show_a_follow_up_of_nine(empty_con):
    with_before_after(empty_con, "google_forms")
    load_file(empty_con, FOLLOWUP / "Pilot cohort - six months on.csv", "pilot_followup")
    every = figures.figures(empty_con, Filters())
    full = every["cohorts"][0]
    board = disclosure.board_figures(every, empty_con, Filters())["cohorts"][0]
    assert board["followup"]["median"] == full["followup"]["median"]
    assert board["followup"]["min"] is None  # a range only from 10 people
    assert board["followup_wilcoxon_p"] == full["followup_wilcoxon_p"]
    assert board["participants"] is None  # 11 - 9: the two who did not answer would show


# --- the schema migration ------------------------------------------------------------------------

# pilot_rating and pilot_rating_loaded as the schema made them before the follow-up.
OLD_DDL = """
create table pilot_rating (
    cohort_id integer not null,
    person_id integer not null,
    phase varchar not null check (phase in ('baseline', 'follow_up')),
    submitted_at timestamp,
    organisation varchar,
    practice_use_score integer check (practice_use_score between 0 and 10),
    batch_id integer not null,
    primary key (cohort_id, person_id, phase)
);
create table pilot_rating_loaded (
    batch_id integer not null,
    cohort_id integer not null,
    person_id integer not null,
    phase varchar not null check (phase in ('baseline', 'follow_up')),
    submitted_at timestamp,
    organisation varchar,
    practice_use_score integer check (practice_use_score between 0 and 10),
    primary key (batch_id, cohort_id, person_id, phase)
);
insert into pilot_rating values
    (1, 1, 'baseline', '2024-01-15 10:00', 'Hospital', 4, 1),
    (1, 1, 'follow_up', '2024-04-15 10:00', 'Hospital', 7, 2);
insert into pilot_rating_loaded values
    (1, 1, 1, 'baseline', '2024-01-15 10:00', 'Hospital', 4),
    (2, 1, 1, 'follow_up', '2024-04-15 10:00', 'Hospital', 7);
"""


def _definition(con, table: str) -> list[tuple]:
    columns = con.execute(
        "select column_name, data_type, is_nullable from duckdb_columns() "
        "where table_name = ? order by column_index",
        [table],
    ).fetchall()
    constraints = con.execute(
        "select constraint_type, constraint_text from duckdb_constraints() "
        "where table_name = ? order by all",
        [table],
    ).fetchall()
    return columns + constraints


def _oid(con, table: str) -> int:
    return con.execute(
        "select table_oid from duckdb_tables() where table_name = ?", [table]
    ).fetchall()[0][0]


def test_an_older_database_gets_the_new_phase_on_opening(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(OLD_DDL)
    old.close()
    con = db.connect(path)  # applies the schema, rebuilding both tables
    fresh = db.connect(tmp_path / "fresh.duckdb", create=True)
    for table in ("pilot_rating", "pilot_rating_loaded"):
        assert _definition(con, table) == _definition(fresh, table)
    assert con.execute("select * from pilot_rating order by phase").fetchall() == [
        (1, 1, "baseline", pd.Timestamp("2024-01-15 10:00"), "Hospital", 4, 1),
        (1, 1, "follow_up", pd.Timestamp("2024-04-15 10:00"), "Hospital", 7, 2),
    ]
    assert con.execute("select count(*) from pilot_rating_loaded").fetchall() == [(2,)]
    con.execute("insert into pilot_rating_loaded values (3, 1, 1, 'months_later', null, null, 6)")
    # Opened again, nothing is rebuilt: only a table made before the new phase is.
    oids = {t: _oid(con, t) for t in ("pilot_rating", "pilot_rating_loaded")}
    db.apply_schema(con)
    assert {t: _oid(con, t) for t in oids} == oids
    assert con.execute("select count(*) from pilot_rating_loaded").fetchall() == [(3,)]
    con.close()
    fresh.close()
