"""Hostile headers and cells through every layout the upload path accepts: quotes, parameter
markers, SQL comments and statements, a 5,000-character value, control characters, a spreadsheet
formula. Each file is loaded for real (chatr.upload.load_file, which runs parse_upload): nothing
escapes as an exception, free text is stored exactly as typed (other text as the documented
clean_text tidies it), and every table is still there afterwards."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest

from chatr import upload
from chatr.ingest import template_csv
from chatr.ingest.layout import header_text
from chatr.reference import clean_text
from tests.conftest import ROOT
from tests.unit.test_queries_and_db import _snapshot

FIXTURES = ROOT / "tests" / "fixtures"
SQL = ["'); drop table person; --", ";--", "$p0", "$1", "?", '"', "'"]
# What a CSV can carry. A NUL byte makes a file binary (refused as such, see test_ingest_bad).
CSV_HOSTILE = [
    *SQL,
    "a 5,000-character answer " + "x" * 4975,
    "bell\x07 and escape\x1b[31m",
    "line\rbreak inside quotes",
    "\u202eright-to-left override",
    "=cmd|' /C calc'!A0",
]
# XML 1.0, so an .xlsx, cannot hold most control characters, and reading XML turns a lone \r
# into \n: the workbook's list has a tab and a line feed instead.
XLSX_HOSTILE = [*CSV_HOSTILE[:8], "tab\there", "line\nbreak", *CSV_HOSTILE[10:]]
HOPE = "What do you hope to gain from the programme?"
SCORE = "To what extent is ACEs, trauma-informed care, or resilience used as part of your practice?"


def verbatim(text: str) -> str:
    return text


def tidied(text: str) -> str:
    return clean_text(text) or ""


@dataclass(frozen=True)
class Case:
    """One layout: the file to start from (or a canonical kind's template), its number of
    header rows, the free-text column filled with hostile text and where that text is stored,
    and a column whose values are checked."""

    fixture: str | None
    kind: str
    text_column: str
    stored_sql: str  # the stored texts of one batch ($batch)
    expected: Callable[[str], str]
    checked_column: str  # a column whose values are checked: hostile text there is refused
    n_header_rows: int = 1
    cohort: str | None = None

    @property
    def is_xlsx(self) -> bool:
        return bool(self.fixture and self.fixture.endswith(".xlsx"))

    @property
    def hostile(self) -> list[str]:
        return XLSX_HOSTILE if self.is_xlsx else CSV_HOSTILE


TEAMS = (
    "select p.team from person as p join baseline_response as b using (person_id) "
    "where b.batch_id = $batch"
)
FEEDBACK = "select feedback_text from feedback where batch_id = $batch"
STATEMENTS = (
    "select s.statement_text from statement as s join likert_answer as a using (statement_id) "
    "where a.batch_id = $batch"
)


def baseline(fixture: str | None, rows: int = 1) -> Case:
    text, score = ("Team/service", SCORE) if fixture else ("team", "practice_use_score")
    return Case(fixture, "baseline", text, TEAMS, tidied, score, rows)


def pilot(fixture: str, rows: int = 1, kind: str = "pilot_pre") -> Case:
    return Case(fixture, kind, HOPE, FEEDBACK, verbatim, SCORE, rows, "Perinatal #1")


def canonical_pilot(kind: str, text_column: str) -> Case:
    return Case(None, kind, text_column, FEEDBACK, verbatim, "practice_use_score", 1, "0-5 #1")


CASES = {
    "canonical-baseline": baseline(None),
    "canonical-pilot_pre": canonical_pilot("pilot_pre", "feedback_quote"),
    "canonical-pilot_post": canonical_pilot("pilot_post", "feedback_hope"),
    "canonical-pilot": canonical_pilot("pilot", "feedback_improve"),
    "canonical-cohorts": Case(
        None,
        "cohorts",
        "location",
        "select location from cohort where batch_id = $batch",
        tidied,
        "start_date",
    ),  # fmt: skip
    "canonical-comms": Case(
        None,
        "comms",
        "title",
        "select title from comms_event where batch_id = $batch",
        tidied,
        "event_date",
    ),  # fmt: skip
    "canonical-feedback": Case(
        None, "feedback", "text", FEEDBACK, verbatim, "kind", 1, "Perinatal #1"
    ),
    "google_forms-baseline": baseline("google_forms/System baseline survey.csv"),
    "google_sheets-baseline": baseline(
        "google_forms/System baseline survey (Responses) - Form responses 1.csv"
    ),
    "google_forms-pilot": pilot("google_forms/Pilot cohort - baseline (pre).csv"),
    "microsoft_forms-xlsx-baseline": baseline("microsoft_forms/System baseline survey(1-101).xlsx"),
    "microsoft_forms-xlsx-pilot": pilot("microsoft_forms/Pilot cohort - baseline (pre)(1-11).xlsx"),
    "microsoft_forms-csv-baseline": baseline(
        "microsoft_forms/System baseline survey(1-101) - saved as CSV UTF-8.csv"
    ),
    "surveymonkey-csv-baseline": baseline(
        "surveymonkey/System baseline survey - Data_All_231113.csv", rows=2
    ),
    "surveymonkey-xlsx-baseline": baseline(
        "surveymonkey/System baseline survey - Data_All_231113.xlsx", rows=2
    ),
    "surveymonkey-csv-pilot": pilot(
        "surveymonkey/Pilot cohort - baseline (pre) - Data_All_240122.csv", rows=2
    ),
    "qualtrics-baseline": baseline("qualtrics/System+baseline+survey_choice_text.csv", rows=3),
    "qualtrics-pilot": pilot("qualtrics/Pilot+cohort+pre+and+post_choice_text.csv", 3, "pilot"),
}


def canonical_rows(kind: str) -> list[list[str]]:
    """The kind's template header and twelve plain rows (the hostile text goes in later)."""
    header = next(csv.reader(io.StringIO(template_csv(kind))))
    n = len(CSV_HOSTILE)
    if kind == "cohorts":
        body = [["0-5", str(50 + i), "2031-01-05", "2031-02-01", "11", "", ""] for i in range(n)]
    elif kind == "comms":
        body = [["2031-01-05", "newsletter", ""] for _ in range(n)]
    elif kind == "feedback":
        body = [[f"p{i}@x.example", "quote", ""] for i in range(n)]
    else:
        values = {
            "wave": "pre" if kind != "pilot_post" else "post",
            "submitted_at": "2031-01-05 09:00:00",
            "name": "A Person",
            "life_stages": "0-5",
            "organisation": "School",
            "practice_use_score": "5",
            "interest": "Yes",
        }
        body = [
            [f"p{i}@x.example" if h == "email" else values.get(h, "Agree") for h in header]
            for i in range(n)
        ]
        for row in body:  # the template's Likert statement, then free text left blank
            for j, h in enumerate(header):
                if h.startswith("feedback_") or h in ("team", "organisation_other"):
                    row[j] = ""
    return [list(header), *body]


def read_table(case: Case) -> list[list[object]]:
    """The file as rows of cells: the fixture's, or the canonical template's."""
    if case.fixture is None:
        return canonical_rows(case.kind)
    path = FIXTURES / case.fixture
    if case.is_xlsx:
        sheet = openpyxl.load_workbook(path).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def make_hostile(case: Case, target: str) -> tuple[list[list[object]], list[str]]:
    """The rows with hostile text in every cell of the target column and in new columns, one
    per hostile text, whose headers are hostile too; and those headers."""
    rows = read_table(case)
    header_rows, data = rows[: case.n_header_rows], rows[case.n_header_rows :]
    column = next(
        j
        for header in header_rows
        for j, cell in enumerate(header)
        if header_text(str(cell or "")) == target
    )
    hostile = case.hostile
    for i, row in enumerate(data):  # every row: a tool's preview or merged rows are left out
        row[column] = hostile[i % len(hostile)]
    headers = list(hostile)
    for j, header in enumerate(headers):
        new_header = {
            1: [header],
            2: [header, "Open-Ended Response"],  # SurveyMonkey: question, then what it holds
            3: [f"QH{j}", header, f'{{"ImportId":"QID9{j}_TEXT"}}'],  # Qualtrics: id, text, JSON
        }[case.n_header_rows]
        for row, cell in zip(header_rows, new_header, strict=True):
            row.append(cell)
        for i, row in enumerate(data):
            # In the template every extra column is a Likert statement: its answers must be levels.
            row.append(
                "Agree"
                if case.fixture is None and case.kind.startswith("pilot")
                else hostile[(i + j) % len(hostile)]
            )
    return rows, headers


def as_file(case: Case, rows: list[list[object]]) -> bytes:
    """The rows written back in the case's container: CSV text, or a workbook of strings."""
    if not case.is_xlsx:
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return out.getvalue().encode("utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with '='
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(con, case: Case, rows: list[list[object]]) -> upload.Outcome:
    """The rows loaded the way the Upload page and `chatr load` load a file."""
    name = "hostile" + (".xlsx" if case.is_xlsx else ".csv")
    data = as_file(case, rows)
    return upload.load_file(con, data, name, case.kind, cohort=case.cohort, uploaded_by="test")


def tables(con) -> set[str]:
    """The database's own tables (not this connection's temporary ones)."""
    sql = "select table_name from duckdb_tables() where not temporary"
    return {r[0] for r in con.execute(sql).fetchall()}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_headers_and_cells_are_data_never_sql(fresh_con, name):
    case = CASES[name]
    rows, headers = make_hostile(case, case.text_column)
    before, before_tables = _snapshot(fresh_con), tables(fresh_con)
    n_people = fresh_con.execute("select count(*) from person").fetchall()[0][0]

    outcome = load(fresh_con, case, rows)

    assert tables(fresh_con) == before_tables
    assert fresh_con.execute("select count(*) from person").fetchall()[0][0] >= n_people
    assert all(isinstance(p.message, str) and p.message for p in outcome.problems)
    if outcome.status != "loaded":
        assert _snapshot(fresh_con) == before
        pytest.fail(f"refused: {[(p.row, p.column, p.message) for p in outcome.problems]}")
    stored = {
        r[0] for r in fresh_con.execute(case.stored_sql, {"batch": outcome.batch_id}).fetchall()
    }
    assert {case.expected(text) for text in case.hostile} <= stored
    if case.fixture is None and case.kind.startswith("pilot"):
        statements = fresh_con.execute(STATEMENTS, {"batch": outcome.batch_id}).fetchall()
        assert {tidied(h) for h in headers} <= {r[0] for r in statements}
    elif case.kind == "baseline":
        unused = " ".join(p.message for p in outcome.problems if "not used" in p.message)
        assert all(header_text(h) in unused for h in headers)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_text_in_a_checked_column_is_refused_by_row_and_column(fresh_con, name):
    case = CASES[name]
    rows, _ = make_hostile(case, case.checked_column)
    before = _snapshot(fresh_con)

    outcome = load(fresh_con, case, rows)

    assert outcome.status == "refused" and _snapshot(fresh_con) == before
    errors = [
        p
        for p in outcome.parsed.errors
        if p.row is not None and header_text(p.column or "") == case.checked_column
    ]
    assert len(errors) >= 10, outcome.problems  # a problem per row (the first 20 are listed)
    shown = set(case.hostile) | {tidied(text) for text in case.hostile}  # raw, or as tidied
    assert all(p.value in shown and p.value in p.message for p in errors)


def test_the_staged_table_allow_list_holds_under_python_dash_o():
    # An `assert` would vanish under -O; the check that keeps a table name out of SQL must not.
    code = "import duckdb; from chatr import load; load._store_people(duckdb.connect(), 'x; --')"
    result = subprocess.run(
        [sys.executable, "-O", "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "ValueError: unexpected staged table 'x; --'" in result.stderr
