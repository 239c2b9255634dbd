"""Row-level validation run as SQL over a typed temp table, reported as Problems."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from chatr.ingest.validation import MAX_PROBLEMS_PER_CHECK, ParsedUpload


@dataclass(frozen=True)
class Check:
    """One rule: rows where `bad` holds get a Problem showing `raw` and the message."""

    severity: str  # "error" | "warning"
    column: str | None  # the header as in the file
    raw: str  # SQL over the typed table: the value as the user typed it
    bad: str  # SQL predicate over the typed table
    message: str  # for a person; '{value}' is replaced by the value


def run_checks(
    con: duckdb.DuckDBPyConnection, table: str, checks: list[Check], report: ParsedUpload
) -> None:
    """Count every check's failures in one scan, then fetch the first few rows of each."""
    if not checks:
        return
    counts = ", ".join(f"count(*) filter (where {c.bad})" for c in checks)
    # Checks are SQL written in this package, never text from a file.
    totals = con.execute(f"select {counts} from {table}").fetchall()[0]  # noqa: S608
    for check, total in zip(checks, totals, strict=True):
        if total:
            _report_rows(con, table, check, total, report)


def _report_rows(
    con: duckdb.DuckDBPyConnection, table: str, check: Check, total: int, report: ParsedUpload
) -> None:
    """A Problem per failing row, up to the limit, then one summarising the rest."""
    sql = (
        # Checks are SQL written in this package, never text from a file.
        f"select source_row, {check.raw} from {table} where {check.bad} "  # noqa: S608
        f"order by source_row limit {MAX_PROBLEMS_PER_CHECK}"
    )
    add = report.error if check.severity == "error" else report.warn
    for row, value in con.execute(sql).fetchall():
        add(check.message.replace("{value}", str(value)), row=row, column=check.column, value=value)
    if total > MAX_PROBLEMS_PER_CHECK:
        add(
            f"...and {total - MAX_PROBLEMS_PER_CHECK} more rows with the same problem "
            f"in this column ({total} in all).",
            column=check.column,
        )


def rows_text(rows: list[int], limit: int = 10) -> str:
    """Row numbers for a message: 'rows 4, 9 and 12', or the first few and a count."""
    shown = [str(r) for r in rows[:limit]]
    if len(rows) > limit:
        return f"rows {', '.join(shown)} and {len(rows) - limit} more"
    if len(shown) == 1:
        return f"row {shown[0]}"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]}"
