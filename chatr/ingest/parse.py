"""parse_upload: from the bytes of an uploaded file to staged temp tables and a report."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import duckdb

from chatr.ingest.detect import detect_layout
from chatr.ingest.fields import PROGRAMME_COLUMNS
from chatr.ingest.layout import Layout
from chatr.ingest.mapping import map_columns
from chatr.ingest.programme_files import PROGRAMME_TYPED, stage_programme_file
from chatr.ingest.read import RAW_TABLE, RawFile, read_upload
from chatr.ingest.responses import RESPONSES_VIEW, stage_responses
from chatr.ingest.typed import TYPED_TABLE
from chatr.ingest.validation import KINDS, ParsedUpload

log = logging.getLogger(__name__)

STAGED_TABLES = (
    "staged_baseline",
    "staged_pilot_response",
    "staged_likert",
    "staged_feedback",
    "staged_cohort",
    "staged_comms_event",
)
_WORK_TABLES = (TYPED_TABLE, PROGRAMME_TYPED, RAW_TABLE)
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def parse_upload(
    con: duckdb.DuckDBPyConnection,
    data: bytes | Path,
    file_name: str,
    kind: str,
    *,
    column_overrides: dict[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedUpload:
    """Read, map, normalise and check an upload (its bytes, or a file on disk); stage its rows
    in temp tables of `con`."""
    if kind not in KINDS:
        raise ValueError(f"unknown upload kind {kind!r}; expected one of {', '.join(KINDS)}")
    report = ParsedUpload(kind=kind)
    _drop(con, STAGED_TABLES)
    try:
        _parse(con, data, file_name, kind, column_overrides or {}, report, max_bytes)
    except Exception as exc:  # a file must never surface as a traceback; keep it in the log
        log.exception("parsing %s as %s failed", file_name, kind)
        report.error(
            "The file could not be processed because of an unexpected problem "
            f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
            "Check it opens in Excel; if it does, send it to the dashboard's maintainer."
        )
        _drop(con, STAGED_TABLES)
        report.staged = {}
    finally:
        con.execute(f"drop view if exists temp.{RESPONSES_VIEW}")
        _drop(con, _WORK_TABLES)
    return report


def _parse(
    con: duckdb.DuckDBPyConnection,
    data: bytes | Path,
    file_name: str,
    kind: str,
    overrides: dict[str, str],
    report: ParsedUpload,
    max_bytes: int,
) -> None:
    """The steps of parse_upload; each records its problems in the report."""
    raw = read_upload(con, data, report, max_bytes)
    if raw is None:
        return
    layout = detect_layout(raw.head, raw.is_workbook)
    if layout is None or not any(any(cell.strip() for cell in row) for row in raw.head):
        report.error("The file has no header row or data. Upload the survey tool's export.")
        return
    report.tool, report.layout = layout.tool, layout.description
    report.form_signature = form_signature(layout)
    _warn_misnamed(file_name, raw, report)
    if raw.n_records <= layout.n_header_rows:
        report.error(_NO_ROWS)
        return
    if kind in PROGRAMME_COLUMNS:
        stage_programme_file(con, layout, kind, report)
    else:
        mapping = map_columns(layout, kind, overrides, report)
        if not report.ok:
            return  # the user picks the missing columns first; nothing is staged until then
        stage_responses(con, layout, mapping, kind, report)
    if report.staged and report.n_rows_staged == 0 and report.ok:
        report.error(_NO_ROWS)


_NO_ROWS = (
    "The file has column headings but no responses in it. Check you exported the responses "
    "(not an empty form) and upload again."
)


def form_signature(layout: Layout) -> str:
    """A stable id of a form's export layout: the tool and its header texts, hashed."""
    text = "\x1f".join([layout.tool, *layout.headers()])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _warn_misnamed(file_name: str, raw: RawFile, report: ParsedUpload) -> None:
    """Say so when the name's extension disagrees with the content (it is read by content)."""
    name = file_name.lower()
    if raw.is_workbook and name.endswith((".csv", ".txt")):
        report.warn("The file is named like a CSV but is an Excel workbook; it was read as one.")
    elif not raw.is_workbook and name.endswith((".xlsx", ".xls")):
        report.warn(
            "The file is named like an Excel workbook but holds CSV text; it was read as CSV."
        )


def _drop(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> None:
    """Drop our temp tables if they exist."""
    for table in tables:
        con.execute(f"drop table if exists temp.{table}")
