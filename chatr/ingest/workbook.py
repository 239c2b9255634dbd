"""Read the responses sheet of an Excel workbook (.xlsx, .xls) into rows of text."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import python_calamine

if TYPE_CHECKING:
    import pyarrow as pa

from chatr.ingest.validation import ParsedUpload
from chatr.ingest.workbook_guard import size_problem

# Microsoft Forms names its sheet Form1 (older downloads Sheet1); other tools use one sheet.
_PREFERRED_SHEETS = ("form1", "sheet1", "sheet")
_TEXT_TYPES = {str, type(None)}
# A column's text: a list, or an Arrow string array where a whole column was converted at once.
Column = "list[str | None] | pa.Array"


def read_columns(data: bytes, report: ParsedUpload) -> list[Column] | None:
    """Every column of the responses sheet as text, top to bottom (rows padded to the widest
    with None), or None (with an error) if unreadable."""
    # Before the reader allocates anything: a few KB can declare a grid of billions of cells.
    problem = size_problem(data) if data.startswith(b"PK\x03\x04") else None
    if problem:
        report.error(problem)
        return None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_name(_pick_sheet(book.sheet_names))
        # Keep leading empty rows and columns so row numbers match what Excel shows.
        rows = sheet.to_python(skip_empty_area=False)
    except python_calamine.PasswordError:
        report.error("The workbook is password-protected. Remove the password and upload again.")
        return None
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        report.error(
            "The workbook is damaged or incomplete and cannot be opened "
            f"({type(exc).__name__}). Download it again from the survey tool and upload that."
        )
        return None
    width = max((len(row) for row in rows), default=0)
    rows = [row if len(row) == width else row + [None] * (width - len(row)) for row in rows]
    # Column by column: most columns hold only text, which needs no conversion cell by cell.
    return [_column_text([row[i] for row in rows]) for i in range(width)]


def _column_text(cells: list[object]) -> Column:
    """One column's cells as text (see _cell_text)."""
    types = set(map(type, cells))
    if types <= _TEXT_TYPES:
        return [cell or None for cell in cells]  # '' is a blank cell
    bulk = _bulk_text(cells, types)
    return bulk if bulk is not None else [_cell_text(cell) for cell in cells]


def _bulk_text(cells: list[object], types: set[type]) -> pa.Array | None:
    """A column of mostly dates and times, or whole numbers, as Arrow text made in one call:
    the same text _cell_text gives each cell (a cell at a time, 100,000 rows take a second per
    column); the other cells (its heading, a date without a time) are written one by one.
    None for any other column."""
    import pyarrow as pa  # noqa: PLC0415 - as chatr.ingest.read, only for workbooks
    import pyarrow.compute as pc  # noqa: PLC0415

    kind = next((k for k in (dt.datetime, int, float) if k in types), None)
    if kind is None:
        return None
    values = [cell if type(cell) is kind else None for cell in cells]
    try:
        if kind is dt.datetime:
            # isoformat(" ", "seconds") writes years before 1000 without leading zeros: those
            # (and times with a zone) go cell by cell.
            if any(v.tzinfo is not None or v.year < 1000 for v in values if v is not None):
                return None
            # Whole seconds, cast to text: '2023-10-02 07:57:00' (20x faster than strftime).
            stamps = pa.array(values, pa.timestamp("us")).cast(pa.timestamp("s"), safe=False)
            text = stamps.cast(pa.string())
        elif kind is int:
            text = pa.array(values, pa.int64()).cast(pa.string())
        else:
            # The checked cast refuses fractions, NaN and numbers past int64: cell by cell.
            text = pa.array(values, pa.float64()).cast(pa.int64()).cast(pa.string())
    except (pa.ArrowInvalid, OverflowError):
        return None
    if types <= {kind, type(None)}:
        return text
    others = [type(cell) is not kind and _cell_text(cell) is not None for cell in cells]
    if not any(others):
        return text  # the rest are blank
    written = [_cell_text(cell) for cell, other in zip(cells, others, strict=True) if other]
    return pc.replace_with_mask(text, pa.array(others), pa.array(written, pa.string()))


def _pick_sheet(names: list[str]) -> str:
    """The sheet holding the responses: a known name, else the first sheet."""
    by_lower = {n.lower(): n for n in names}
    for wanted in _PREFERRED_SHEETS:
        if wanted in by_lower:
            return by_lower[wanted]
    return names[0]


def _cell_text(value: object) -> str | None:
    """A cell as the text a CSV export would hold; dates as ISO, whole numbers without '.0'."""
    if value is None or value == "":
        return None
    if type(value) is dt.datetime and value.tzinfo is None and value.year >= 1000:
        # The same text as the strftime below, over twice as fast (dates fill whole columns).
        return value.isoformat(" ", "seconds")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)
