"""The fast ways in must change nothing but the time: a clean baseline export staged in one
pass (chatr.ingest.optimistic) gives the rows and report the careful path gives; a file with
anything to say takes the careful path; and a large CSV read where it lies on disk loads as its
bytes do."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import generate
from chatr import db, upload
from chatr.ingest import optimistic, parse_upload
from chatr.ingest.read import RAW_TABLE
from tests.unit.test_queries_and_db import _snapshot
from tests.unit.test_upload import BASELINE_FILES, FIXTURES

# Lines a Google Forms download could end with, each something a check reports: a score out of
# range, an interest not offered, a life stage not on the list, a date not understood.
FLAGGED_LINES = (
    '"2024/01/02 9:00:00 AM GMT","x1@nhs.example","X One","CAMHS (City)","0-5",'
    '"School","eleven","Yes"\n',
    '"2024/01/02 9:00:05 AM GMT","x2@nhs.example","X Two","CAMHS (City)","0-5",'
    '"School","7","Perhaps"\n',
    '"2024/01/02 9:00:09 AM GMT","x3@nhs.example","X Three","CAMHS (City)","Teenagers",'
    '"School","7","Yes"\n',
    '"last Tuesday","x4@nhs.example","X Four","CAMHS (City)","0-5","School","7","Yes"\n',
)
# A response without an e-mail address: kept, with a warning, on either path.
NO_EMAIL_LINE = '"2024/01/03 9:00:00 AM GMT","","No Email","CAMHS (City)","0-5","School","3","No"\n'


@pytest.fixture
def con(tmp_path):
    con = db.connect(tmp_path / "chatr.duckdb", create=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    """A generated Google Forms download of 8,000 responses (every 50th a second submission),
    over a megabyte, with one response lacking an e-mail."""
    path = generate.google_csv(tmp_path_factory.mktemp("export") / "responses.csv", 8_000)
    with path.open("a", encoding="utf-8") as out:
        out.write(NO_EMAIL_LINE)
    return path


def staged(con, data: bytes | Path, name: str, *, careful: bool, monkeypatch) -> tuple:
    """(staged_baseline's columns, its rows by source row (neither path promises an order),
    the report as comparable values, whether the optimistic path staged it), parsing on a
    cursor of its own."""
    taken = []

    def spy(*args) -> bool:
        taken.append(False if careful else optimistic_stage(*args))
        return taken[-1]

    optimistic_stage = optimistic.stage_baseline
    monkeypatch.setattr(optimistic, "stage_baseline", spy)
    cursor = con.cursor()
    try:
        parsed = parse_upload(cursor, data, name, "baseline")
        table = parsed.staged.get("baseline_response")
        rows = (
            cursor.execute(f"select * from {table} order by source_row").fetchall() if table else []
        )
        columns = [c[0] for c in cursor.execute(f"describe {table}").fetchall()] if table else []
    finally:
        cursor.close()
        monkeypatch.setattr(optimistic, "stage_baseline", optimistic_stage)
    report = (
        parsed.problems, parsed.n_rows_in_file, parsed.n_rows_staged,
        parsed.n_duplicates_merged, parsed.n_excluded, parsed.ok,
    )  # fmt: skip
    return columns, rows, report, taken == [True]


@pytest.mark.parametrize("relative", [f for f in BASELINE_FILES if not f.endswith(".zip")])
def test_each_clean_baseline_export_stages_the_same_either_way(con, monkeypatch, relative):
    data = (FIXTURES / relative).read_bytes()
    *quick, was_quick = staged(con, data, relative, careful=False, monkeypatch=monkeypatch)
    *careful, _ = staged(con, data, relative, careful=True, monkeypatch=monkeypatch)
    assert quick == careful
    assert careful[1]  # rows were staged: the comparison compared something
    # Only an export with rows to leave out (Qualtrics' preview rows) needs the careful path.
    assert was_quick == (not careful[2][4])


def test_merged_submissions_and_a_missing_email_are_reported_the_same(con, monkeypatch, export):
    *quick, was_quick = staged(con, export, export.name, careful=False, monkeypatch=monkeypatch)
    *careful, _ = staged(con, export, export.name, careful=True, monkeypatch=monkeypatch)
    assert was_quick and quick == careful
    problems, n_in_file, n_staged, n_merged, _, ok = quick[2]
    assert ok and n_in_file == 8_001
    assert n_merged == 8_000 - generate.n_people(8_000) and n_staged == n_in_file - n_merged
    assert any("merged" in p.message and "rows 51, 101" in p.message for p in problems)
    assert any("no e-mail address (row 8002)" in p.message for p in problems)


@pytest.mark.parametrize("line", FLAGGED_LINES)
def test_a_row_with_a_problem_takes_the_careful_path_and_its_report(
    con, monkeypatch, export, tmp_path, line
):
    flagged = tmp_path / "flagged.csv"
    flagged.write_bytes(export.read_bytes() + line.encode("utf-8"))
    *report, was_quick = staged(con, flagged, "f.csv", careful=False, monkeypatch=monkeypatch)
    *careful, _ = staged(con, flagged, "f.csv", careful=True, monkeypatch=monkeypatch)
    assert not was_quick and report == careful
    located = [p for p in report[2][0] if p.row == 8_003]
    assert len(located) == 1 and located[0].column and located[0].value


def test_a_flagged_file_leaves_nothing_staged_and_the_raw_rows_for_the_careful_path(con):
    cursor = con.cursor()
    try:
        parsed = parse_upload(cursor, FIXTURES / "bad/scale_out_of_range.csv", "b.csv", "baseline")
        assert {(e.row, e.value) for e in parsed.errors} == {(3, "11"), (6, "eight")}
        tables = {r[0] for r in cursor.execute("select table_name from duckdb_tables()").fetchall()}
        assert optimistic.QUICK_TABLE not in tables and RAW_TABLE not in tables
    finally:
        cursor.close()


def test_a_large_csv_read_where_it_lies_loads_as_its_bytes_do(tmp_path, export):
    by_bytes = db.connect(tmp_path / "bytes.duckdb", create=True)
    by_path = db.connect(tmp_path / "path.duckdb", create=True)
    try:
        cons = (by_bytes, by_path)
        outcomes = [
            upload.load_file(con, data, export.name, "baseline", cohort=None, uploaded_by="t")
            for con, data in ((by_bytes, export.read_bytes()), (by_path, export))
        ]
        assert [o.status for o in outcomes] == ["loaded", "loaded"]
        assert outcomes[0].message == outcomes[1].message
        assert outcomes[0].problems == outcomes[1].problems
        # Every table but the load times (upload_batch.uploaded_at, the wave's created_at).
        timed = {"upload_batch", "survey_wave"}
        snapshots = [{t: rows for t, rows in _snapshot(c).items() if t not in timed} for c in cons]
        assert snapshots[0] == snapshots[1] and snapshots[0]["person"]
        fingerprints = [c.execute("select sha256 from upload_batch").fetchall() for c in cons]
        assert fingerprints[0] == fingerprints[1]
    finally:
        by_bytes.close()
        by_path.close()


def test_a_large_file_not_in_utf8_after_its_first_megabyte_is_read_as_windows_1252(
    con, tmp_path, export
):
    # '£' as Windows-1252 writes it, far past the first megabyte DuckDB is trusted with.
    line = NO_EMAIL_LINE.replace("No Email", "Pound \xa3").replace('""', '"p@nhs.example"')
    late = tmp_path / "late.csv"
    late.write_bytes(export.read_bytes() + line.encode("cp1252"))
    from_path = upload.load_file(con, late, late.name, "baseline", cohort=None, uploaded_by="t")
    assert from_path.status == "loaded"
    assert any("Windows-1252" in p.message for p in from_path.problems)
    names = con.execute("select name from person where email = 'p@nhs.example'").fetchall()
    assert names == [("Pound \xa3",)]


def test_a_file_over_the_limit_is_refused_the_same_from_disk_or_bytes(con, export):
    reports = []
    for data in (export, export.read_bytes()):
        cursor = con.cursor()
        try:
            limit = export.stat().st_size - 1
            reports.append(parse_upload(cursor, data, "r.csv", "baseline", max_bytes=limit))
        finally:
            cursor.close()
    assert reports[0].problems == reports[1].problems
    assert "over the" in reports[0].errors[0].message
