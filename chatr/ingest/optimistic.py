"""The optimistic staging of a baseline upload, for the usual clean export.

The careful path (chatr.ingest.responses) types every row into a table that keeps the raw text
of each field beside its value, so a check can name the row, column and value it rejects; then
copies the rows it keeps into staged_baseline. On a clean file that table only confirms there is
nothing to say. Here the rows are typed straight into staged_baseline with one flag per row: did
any check fail (or is the row one to leave out)? Only when a row is flagged is this thrown away
for the careful path, which words the report, so both paths stage the same rows and a bad file
gets the same report. On a million rows: one copy of the answers fewer, and a second faster.
"""

from __future__ import annotations

import duckdb

from chatr.ingest import sqlexpr as sx
from chatr.ingest.checks import Check
from chatr.ingest.read import RAW_TABLE
from chatr.ingest.response_checks import report_missing_person, warn_merged
from chatr.ingest.typed import BASELINE_COLUMNS, TypingSpec, typed_rows
from chatr.ingest.validation import ParsedUpload

QUICK_TABLE = "ingest_quick"  # the typed rows with their flag; renamed staged_baseline
_QUICK_RESPONSES = "ingest_quick_responses"  # its rows with the person they are by


def stage_baseline(
    con: duckdb.DuckDBPyConnection, spec: TypingSpec, checks: list[Check], report: ParsedUpload
) -> bool:
    """Stage staged_baseline in one pass if no row fails a check or is left out; whether it
    did (if not, nothing is staged or reported, and the raw table is kept for the careful path)."""
    p = sx.Params()
    # A check counts a row where its predicate is true (not null): so does the flag.
    failed = " or ".join(f"({check.bad})" for check in checks) or "false"
    sql = (
        # Checks and columns are SQL written in this package; every value is bound.
        f"create or replace temp table {QUICK_TABLE} as select {BASELINE_COLUMNS}, wave, "  # noqa: S608
        f"exclusion is not null or coalesce({failed}, false) as is_flagged "
        f"from ({typed_rows(spec, p)})"
    )
    con.execute(sql, p.for_sql(sql))
    (n_rows, n_flagged), *_ = con.execute(
        f"select count(*), count(*) filter (where is_flagged) from {QUICK_TABLE}"  # noqa: S608
    ).fetchall()
    if n_flagged:
        con.execute(f"drop table temp.{QUICK_TABLE}")
        return False
    con.execute(f"drop table temp.{RAW_TABLE}")  # the careful path will not be needed
    report.n_rows_in_file = n_rows
    con.execute(
        f"create or replace temp view {_QUICK_RESPONSES} as "  # noqa: S608
        f"select *, email as person from {QUICK_TABLE}"
    )
    try:
        report_missing_person(con, _QUICK_RESPONSES, report)
    finally:
        con.execute(f"drop view temp.{_QUICK_RESPONSES}")
    _keep_latest(con, report)
    for column in ("wave", "is_flagged"):  # dropping a column copies nothing
        con.execute(f"alter table temp.{QUICK_TABLE} drop column {column}")
    con.execute(f"alter table temp.{QUICK_TABLE} rename to staged_baseline")
    report.stage("staged_baseline")
    report.n_rows_staged = n_rows - report.n_duplicates_merged
    return True


def _keep_latest(con: duckdb.DuckDBPyConnection, report: ParsedUpload) -> None:
    """Delete each person's earlier submissions (in a wave), keeping their latest as the careful
    path's staging does; report how many were merged, and which."""
    dropped = con.execute(
        # Only this module's table name; no values.
        f"delete from {QUICK_TABLE} where email is not null and source_row not in ("  # noqa: S608
        "select max_by(source_row, (coalesce(submitted_at, '-infinity'::timestamp), source_row)) "
        f"from {QUICK_TABLE} where email is not null group by wave, email) returning source_row"
    ).fetchall()
    report.n_duplicates_merged = len(dropped)
    warn_merged(report, len(dropped), sorted(row for (row,) in dropped)[:10])
