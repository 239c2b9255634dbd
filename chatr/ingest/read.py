"""Turn uploaded bytes into one all-text DuckDB temp table, whatever the container or encoding."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chatr.ingest import workbook
from chatr.ingest.sniff import (
    HEAD_BYTES,
    Text,
    as_text,
    from_windows_1252,
    is_utf8,
    sniff_delimiter,
)
from chatr.ingest.validation import ParsedUpload

RAW_TABLE = "ingest_raw"
# A spreadsheet row is a record, and DuckDB keeps insertion order, so rowid + 1 is the row
# number the user sees (header rows included), even when a cell holds line breaks.
HEAD_ROWS = 8

_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
_ZIP_MAGIC = b"PK\x03\x04"
# Checking all of a large file in Python costs a tenth of the read; DuckDB checks the rest.
_UTF8_CHECK_BYTES = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# Nothing but a byte-order mark and white space; a match stops at the first other byte, where
# bytes.strip would copy the whole file.
_BLANK = re.compile(rb"[\xef\xbb\xbf \t\r\n]*\Z")
# The first record up to its line ending, quoted fields (which may hold line breaks) whole.
_FIRST_RECORD = re.compile(rb'(?:"[^"]*"|[^"\r\n])*(\r\n|\n|\r)')


@dataclass
class RawFile:
    """The upload as a temp table of text columns c0..cN, plus its first records for detection."""

    columns: list[str]
    head: list[list[str]]
    n_records: int
    is_workbook: bool


def read_upload(
    con: duckdb.DuckDBPyConnection, data: bytes | Path, report: ParsedUpload, max_bytes: int
) -> RawFile | None:
    """Load the file (its bytes, or where it lies) into RAW_TABLE; on an unreadable file record
    an error and return None."""
    if isinstance(data, Path):
        return _read_file(con, data, report, max_bytes)
    if len(data) > max_bytes:
        report.error(_too_big(len(data), max_bytes))
        return None
    if _BLANK.match(data):
        report.error("The file is empty. Download the responses again and upload that file.")
        return None
    if data.startswith(_ZIP_MAGIC):
        return _read_zip(con, data, report, max_bytes)
    if data.startswith(_OLE_MAGIC):
        return _load_columns(con, workbook.read_columns(data, report))
    described = _binary_kind(data)
    if described:
        report.error(
            f"This is not a spreadsheet: it looks like {described}. "
            "Upload the CSV or Excel (.xlsx) file exported from the survey tool."
        )
        return None
    text = as_text(data)
    if not is_utf8(text.data[:_UTF8_CHECK_BYTES]):
        text = from_windows_1252(text.data, report)
    return _read_csv(con, text, report)


def _read_file(
    con: duckdb.DuckDBPyConnection, path: Path, report: ParsedUpload, max_bytes: int
) -> RawFile | None:
    """read_upload of a file on disk: a large plain UTF-8 CSV is read by DuckDB where it lies,
    with no copy of it in memory or in a temp file (on a million rows a sixth of the load's
    peak memory); anything else as its bytes."""
    size = path.stat().st_size
    if size > max_bytes:
        report.error(_too_big(size, max_bytes))
        return None
    head = first_bytes(path)
    if len(head) == size:  # the whole file (a small one, or a zip)
        return read_upload(con, head, report, max_bytes)
    if not _is_plain_utf8(head):
        return read_upload(con, path.read_bytes(), report, max_bytes)
    return _read_csv(con, as_text(head), report, path)


def first_bytes(data: bytes | Path) -> bytes:
    """The bytes of the file; of a file on disk its first megabyte (enough to tell what it is,
    check its encoding and sniff its delimiter), or all of it for a zip (its directory is last)."""
    if isinstance(data, bytes):
        return data
    with data.open("rb") as file:
        head = file.read(_UTF8_CHECK_BYTES)
    return data.read_bytes() if head.startswith(_ZIP_MAGIC) else head


def _is_plain_utf8(head: bytes) -> bool:
    """Whether a file's first bytes are UTF-8 text DuckDB reads as it is: not blank, not a zip,
    workbook, other binary file or UTF-16."""
    return not (
        _BLANK.match(head)
        or head.startswith((_ZIP_MAGIC, _OLE_MAGIC, b"\xff\xfe", b"\xfe\xff"))
        or _binary_kind(head)
        or not is_utf8(head)
    )


def _too_big(n_bytes: int, max_bytes: int) -> str:
    return (
        f"The file is {_mb(n_bytes)}, over the {_mb(max_bytes)} limit. "
        "Split it into smaller files, or ask an admin to raise the limit."
    )


def _read_zip(
    con: duckdb.DuckDBPyConnection, data: bytes, report: ParsedUpload, max_bytes: int
) -> RawFile | None:
    """An .xlsx workbook, or a .zip holding one CSV (how Google delivers its download)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in archive.namelist() if not n.endswith("/") and "__MACOSX" not in n]
    except (zipfile.BadZipFile, OSError, ValueError):
        report.error(
            "The workbook is damaged or incomplete (it may have been cut short while "
            "downloading). Download it again from the survey tool and upload the new copy."
        )
        return None
    if any(n.startswith("xl/") for n in names):
        return _load_columns(con, workbook.read_columns(data, report))
    csvs = [n for n in names if n.lower().endswith((".csv", ".txt"))]
    if len(csvs) != 1:
        report.error(
            f"The zip file holds {len(names)} files ({', '.join(names[:5])}). "
            "Unzip it and upload the one CSV file of responses."
        )
        return None
    info = archive.getinfo(csvs[0])
    if info.file_size > max_bytes:
        report.error(f"The CSV inside the zip is {_mb(info.file_size)}, over the limit.")
        return None
    return read_upload(con, archive.read(info), report, max_bytes)


def _read_csv(
    con: duckdb.DuckDBPyConnection, text: Text, report: ParsedUpload, path: Path | None = None
) -> RawFile | None:
    """Read a CSV with DuckDB's own reader, all columns as text, no header interpretation
    (`path`: the file on disk, UTF-8 as it is, whose beginning `text` holds)."""
    delimiter, n_columns = sniff_delimiter(text.head)
    if delimiter == ";":
        report.warn(
            "The file uses semicolons between fields (a European Excel setting); "
            "it was read that way. Check the preview looks right."
        )
    elif delimiter == "\t":
        report.warn("The file uses tabs between fields; it was read that way.")
    try:
        try:
            _csv_to_table(con, text.data, delimiter, n_columns, path)
        except duckdb.InvalidInputException as exc:
            if "unicode" not in str(exc).lower():
                raise
            # Not UTF-8 after the first megabyte: a rare file, so convert it all and read again.
            text = from_windows_1252(path.read_bytes() if path else text.data, report)
            _csv_to_table(con, text.data, delimiter, n_columns)
    except duckdb.Error as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        report.error(
            f"The file could not be read as a CSV table ({first_line}). Open it in Excel, "
            "save it as 'CSV UTF-8' and upload it again."
        )
        return None
    return _describe(con, is_workbook=False)


def _csv_to_table(
    con: duckdb.DuckDBPyConnection, data: bytes, delimiter: str, n: int, path: Path | None = None
) -> None:
    """Create RAW_TABLE from CSV bytes, or from the UTF-8 CSV file at `path` whose first bytes
    `data` holds; ragged rows are padded by a slower, single-thread read."""
    if path is not None:
        _csv_file_to_table(con, str(path), data, delimiter, n)
        return
    handle, written = tempfile.mkstemp(prefix="chatr-upload-", suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        _csv_file_to_table(con, written, data, delimiter, n)
    finally:
        os.unlink(written)


def _csv_file_to_table(
    con: duckdb.DuckDBPyConnection, path: str, data: bytes, delimiter: str, n: int
) -> None:
    """RAW_TABLE from the CSV file at `path`, whose first bytes `data` holds."""
    params = {"path": path, "delim": delimiter, "cols": {f"c{i}": "VARCHAR" for i in range(n)}}
    options = (
        "header=false, delim=$delim, quote='\"', escape='\"', auto_detect=false, columns=$cols"
    )
    sql = f"create or replace temp table {RAW_TABLE} as select * from read_csv($path, {options}"  # noqa: S608
    try:
        con.execute(sql + ")", params)
    except duckdb.InvalidInputException as exc:
        if "unicode" in str(exc).lower():
            raise
        # Excel re-saves can drop trailing empty fields; padding needs the serial reader.
        padded = sql + ", null_padding=true, parallel=false"
        try:
            con.execute(padded + ")", params)
        except duckdb.InvalidInputException:
            # DuckDB 2.0 takes a lone \r inside a quoted field of the first record for the
            # line ending and fails; naming the file's own line ending reads it.
            new_line = _line_ending(data)
            if new_line is None:
                raise
            con.execute(padded + ", new_line=$new_line)", {**params, "new_line": new_line})


def _line_ending(data: bytes) -> str | None:
    """The ending of the first record, as DuckDB's new_line option writes it; None if unclear."""
    first = _FIRST_RECORD.match(data, 0, HEAD_BYTES)
    return None if first is None else {b"\r\n": "\\r\\n", b"\n": "\\n", b"\r": "\\r"}[first[1]]


def _load_columns(
    con: duckdb.DuckDBPyConnection, columns: list[workbook.Column] | None
) -> RawFile | None:
    """Create RAW_TABLE from a workbook's columns of text, already read in Python."""
    if columns is None:
        return None
    import pyarrow as pa

    table = pa.table(
        {
            f"c{i}": cells if isinstance(cells, pa.Array) else pa.array(cells, pa.string())
            for i, cells in enumerate(columns)
        }
    )
    con.register("ingest_workbook_rows", table)
    try:
        con.execute(
            f"create or replace temp table {RAW_TABLE} as select * from ingest_workbook_rows"  # noqa: S608
        )
    finally:
        con.unregister("ingest_workbook_rows")
    return _describe(con, is_workbook=True)


def _describe(con: duckdb.DuckDBPyConnection, *, is_workbook: bool) -> RawFile:
    """Column names, first records and record count of RAW_TABLE."""
    columns = [r[0] for r in con.execute(f"describe {RAW_TABLE}").fetchall()]
    head = con.execute(f"select * from {RAW_TABLE} where rowid < {HEAD_ROWS} order by rowid")  # noqa: S608
    head_rows = [["" if v is None else str(v) for v in row] for row in head.fetchall()]
    (n_records,) = con.execute(f"select count(*) from {RAW_TABLE}").fetchall()[0]  # noqa: S608
    return RawFile(columns, head_rows, n_records, is_workbook)


def _binary_kind(data: bytes) -> str | None:
    """A description of a non-text file ('a PNG image'), or None if it looks like text."""
    for magic, described in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return described
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text (Excel "Unicode text"), decoded later
    if b"\x00" in sample:
        return "a binary file"
    return None


def _mb(n_bytes: int) -> str:
    """A byte count as megabytes for messages."""
    return f"{n_bytes / (1024 * 1024):.1f} MB"
