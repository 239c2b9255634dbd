"""CSV exports that open safely in a spreadsheet.

A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (which can fetch URLs or run commands), so every such cell gets a
leading `'`, which makes the spreadsheet show it as text. The file is UTF-8 with a byte-order
mark, so Excel shows accents and curly apostrophes right.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd

from chatr import interest
from chatr.filters import Filters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENCODING = "utf-8-sig"  # UTF-8 with a BOM: Excel otherwise guesses the legacy code page


def neutralise(value: object) -> str:
    """The cell's text, with a leading `'` if a spreadsheet would read it as a formula."""
    if value is None or (not isinstance(value, str | list | tuple) and pd.isna(value)):
        return ""
    text = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file (header, then rows) with every cell neutralised, as UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode(ENCODING)


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A DataFrame as a neutralised CSV file (column names as the header)."""
    return csv_bytes(list(frame.columns), frame.itertuples(index=False, name=None))


@contextmanager
def private_file(path: Path) -> Iterator[BinaryIO]:
    """`path` open for writing, readable by its owner only (0600) before anything is written,
    also when it existed with wider permissions (which opening it would keep)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "wb") as handle:
        yield handle


def interest_csv(
    con: duckdb.DuckDBPyConnection, filters: Filters, answers: Sequence[str] = interest.ANSWERS
) -> tuple[bytes, int]:
    """PERSONAL DATA. The interest list for the filters as a CSV file, and its number of rows."""
    rows = interest.export_rows(con, filters, answers)
    return frame_csv(rows), len(rows)
