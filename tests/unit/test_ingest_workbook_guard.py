"""A workbook too big to open safely is refused before the reader allocates for it: a few KB
that declare a sheet reaching XFD1048576, a sheet whose <dimension> lies, cells written without
positions, a zip whose directory understates what it unpacks to. Good exports still load."""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from chatr import db
from chatr.ingest import ParsedUpload
from chatr.ingest.workbook import read_columns
from chatr.ingest.workbook_guard import MAX_SHEET_CELLS, size_problem
from tests.conftest import ROOT
from tests.unit.test_auth_and_cli import cli
from tests.unit.test_queries_and_db import _snapshot

FIXTURES = ROOT / "tests" / "fixtures"
HEADER = ("ID", "Start time", "Completion time", "Email", "Name")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="Form1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
}


def workbook(sheet_data: str, *, root: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx whose one sheet holds the given <sheetData> XML (and any extra parts,
    each also listed in the workbook's relationships)."""
    targets = {"rId1": "worksheets/sheet1.xml"} | {
        f"rId{i}": name.removeprefix("xl/") for i, name in enumerate(extra or {}, start=2)
    }
    rels = "".join(
        f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="{target}"/>'
        for rid, target in targets.items()
    )
    sheet = root or f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>'
    parts = _PARTS | {
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships">{rels}</Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?>' + sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        for name, raw in (extra or {}).items():
            book.writestr(name, raw)
    return out.getvalue()


def header_row() -> str:
    """Row 1 with the Microsoft Forms headings, each cell with its position, as Excel writes."""
    cells = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for c, h in zip("ABCDE", HEADER, strict=True)
    )
    return f'<row r="1">{cells}</row>'


def openpyxl_book(far_cell: str | None, *, write_only: bool = False) -> bytes:
    """A Microsoft Forms-like workbook written by openpyxl, with one value at far_cell."""
    book = openpyxl.Workbook(write_only=write_only)
    if write_only:
        sheet = book.create_sheet("Form1")
        sheet.append(HEADER)
        for _ in range(3):
            sheet.append([None] * 16_383 + ["x"])  # no <dimension> is written in this mode
    else:
        sheet = book.active
        sheet.title = "Form1"
        sheet.append(HEADER)
        if far_cell:
            sheet[far_cell] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused_with(data: bytes, *words: str) -> str:
    """The guard's message for the bytes, checked to name every word."""
    message = size_problem(data)
    assert message is not None, "the workbook was not refused"
    for word in words:
        assert word in message, message
    return message


def test_a_few_kb_reaching_xfd1048576_is_refused_with_the_limit_and_what_to_do():
    data = openpyxl_book("XFD1048576")
    assert len(data) < 10_000
    message = refused_with(data, "XFD1048576", f"{MAX_SHEET_CELLS:,}", "CSV UTF-8")
    assert "17,179,869,184 cells" in message


def test_a_sheet_without_a_dimension_is_measured_by_its_cells():
    data = openpyxl_book(None, write_only=True)  # 4 rows by 16,384 columns: within the limit
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert size_problem(data) is None
    far = workbook(header_row() + '<row r="900000"><c r="AA900000"><v>1</v></c></row>')
    refused_with(far, "AA900000")


def test_a_dimension_that_lies_does_not_hide_a_far_cell():
    sheet = f'<worksheet xmlns="{MAIN}"><dimension ref="A1:E2"/><sheetData>'
    sheet += header_row() + '<row r="2"><c r="XFD1048576"><v>1</v></c></row>'
    refused_with(workbook("", root=sheet + "</sheetData></worksheet>"), "XFD1048576")


def test_a_dimension_claiming_a_huge_sheet_is_refused():
    sheet = f'<worksheet xmlns="{MAIN}"><dimension ref="A1:XFD1048576"/><sheetData>'
    refused_with(workbook("", root=sheet + header_row() + "</sheetData></worksheet>"), "XFD")


@pytest.mark.parametrize(
    "sheet_data",
    [
        # Cells without positions follow the row's: six columns on row 2,000,000.
        '<row r="2000000">' + '<c t="inlineStr"><is><t>x</t></is></c>' * 6 + "</row>",
        # A cell's own position, written after another attribute.
        '<row><c t="n" r="XFD1048576"><v>1</v></c></row>',
        # A row's position carries over to the cells that have none.
        '<row r="1048576"><c r="A1"><v>1</v></c>' + "<c><v>2</v></c>" * 20 + "</row>",
    ],
    ids=["cells-follow-the-row", "position-not-first", "row-carries-over"],
)
def test_cells_written_without_the_usual_positions_are_measured_exactly(sheet_data):
    refused_with(workbook(header_row() + sheet_data), "cells")


def test_prefixed_tags_and_xml_that_is_not_well_formed_are_measured_too():
    prefixed = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1">'
        '<x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    refused_with(workbook("", root=prefixed), "XFD1048576")
    unbound_prefix = prefixed.replace(f' xmlns:x="{MAIN}"', "")  # a lenient reader still reads it
    refused_with(workbook("", root=unbound_prefix), "cells")


def test_cells_without_positions_in_a_small_sheet_are_measured_and_still_read():
    rows = [header_row()]
    for i in range(1, 4):
        answers = [str(i), "2023-10-02 08:30:00", "2023-10-02 08:35:00", f"p{i}@x.example", "P"]
        cells = "".join(f'<c t="inlineStr"><is><t>{a}</t></is></c>' for a in answers)
        rows.append(f"<row>{cells}</row>")
    data = workbook("".join(rows))
    assert size_problem(data) is None
    report = ParsedUpload(kind="baseline")
    columns = read_columns(data, report)
    assert report.ok and columns[3] == ["Email", "p1@x.example", "p2@x.example", "p3@x.example"]


def test_a_binary_part_is_not_mistaken_for_a_sheet():
    noise = b"<c " + b"\x00" * (2 * 1024 * 1024) + b'<c r="B2"'  # no '>' for 2 MB
    data = workbook(header_row(), extra={"xl/vbaProject.bin": noise})
    assert size_problem(data) is None


def _patch_sizes(data: bytes, member: str, declared: int) -> bytes:
    """The zip with `member`'s uncompressed size rewritten in its local and central headers."""
    patched, name = bytearray(data), member.encode()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    struct.pack_into("<I", patched, info.header_offset + 22, declared)
    central = patched.find(b"PK\x01\x02")
    while patched[central + 46 : central + 46 + len(name)] != name:
        central = patched.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", patched, central + 24, declared)
    return bytes(patched)


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_a_zip_that_understates_or_overstates_a_size_is_refused(member):
    data = workbook(header_row())
    refused_with(_patch_sizes(data, member, 10), "damaged", "size the zip declares")
    refused_with(_patch_sizes(data, member, 2**31), "2.0 GB", "zip bomb")


def test_a_second_copy_of_a_sheet_in_the_zip_is_measured_too():
    data = io.BytesIO(workbook(header_row()))
    far = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="XFD1048576"><v>1</v></c>'
    with zipfile.ZipFile(data, "a") as book, pytest.warns(UserWarning, match="Duplicate name"):
        book.writestr("xl/worksheets/sheet1.xml", far + "</row></sheetData></worksheet>")
    refused_with(data.getvalue(), "XFD1048576")


def test_a_binary_workbook_is_refused_with_what_to_do():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("xl/workbook.bin", b"\x83\x01\x00")
    refused_with(out.getvalue(), ".xlsb", "Save As")


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(FIXTURES.glob("*/*.xlsx")) if p.parent.name != "bad"],
    ids=lambda p: p.name,
)
def test_every_real_workbook_export_passes(path):
    assert size_problem(path.read_bytes()) is None


def _limited_memory() -> None:
    """Run in the child: a reader allocating the grid would fail, not take the machine down.

    3 GiB of address space: the interpreter with pandas, DuckDB and its threads reserves about
    0.9 GiB before reading anything (1 GiB failed at random in DuckDB's connect), while the
    grid of 17 billion cells would need hundreds of GiB.
    """
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def test_chatr_load_refuses_the_huge_workbook_quickly_in_bounded_memory(tmp_path):
    assert cli(tmp_path, "init").returncode == 0
    path = tmp_path / "Huge(1-1).xlsx"
    path.write_bytes(openpyxl_book("XFD1048576"))
    con = db.connect(tmp_path / "chatr.duckdb")
    before = _snapshot(con)
    con.close()
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "chatr", "load", str(path), "--kind", "baseline"],
        cwd=ROOT,
        env=dict(os.environ, CHATR_HOME=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited_memory,
    )
    assert time.monotonic() - started < 20
    assert result.returncode == 1, result.stderr
    assert "Nothing was changed" in result.stdout
    assert "XFD1048576" in result.stdout and f"{MAX_SHEET_CELLS:,} cells" in result.stdout
    con = db.connect(tmp_path / "chatr.duckdb")
    try:
        assert _snapshot(con) == before
    finally:
        con.close()
