"""Checks and reports on survey responses: bad answers, excluded rows, date order, no e-mail."""

from __future__ import annotations

import re

import duckdb

from chatr.ingest import sqlexpr as sx
from chatr.ingest.checks import Check, rows_text
from chatr.ingest.layout import Layout, SourceColumn
from chatr.ingest.read import RAW_TABLE
from chatr.ingest.typed import TYPED_TABLE, TypingSpec
from chatr.ingest.validation import ParsedUpload
from chatr.reference import LIFE_STAGES, LIKERT_LEVELS

# Layouts whose dates we cannot be sure of the day/month order of when no day is over 12.
_LOCALE_DATES = {"google_sheets", "microsoft_forms_csv", "canonical"}


def response_checks(spec: TypingSpec, kind: str) -> list[Check]:
    """The row checks for a baseline or pilot upload."""
    src = spec.mapping.sources
    checks = []
    if "practice_use_score" in src:
        checks.append(
            Check(
                "error",
                src["practice_use_score"][0].header,
                "raw_score",
                "raw_score is not null and practice_use_score is null",
                "'{value}' is not a whole number from 0 to 10. Correct it in the file (or clear "
                "the cell if there was no answer) and upload again.",
            )
        )
    if "interest" in src:
        checks.append(
            Check(
                "error",
                src["interest"][0].header,
                "raw_interest",
                "raw_interest is not null and interest is null",
                "'{value}' is not one of Yes, Maybe or No. Correct it in the file and upload "
                "again.",
            )
        )
    if "life_stages" in src:
        stages = ", ".join(LIFE_STAGES)
        checks.append(
            Check(
                "warning",
                src["life_stages"][0].header,
                "array_to_string(life_unknown, '; ')",
                "len(life_unknown) > 0",
                f"'{{value}}' is not one of the life stages ({stages}), so it was left out. If it "
                "is another spelling of a stage, ask an admin to add it to the reference list.",
            )
        )
    if "submitted_at" in src:
        checks.append(
            Check(
                "warning",
                src["submitted_at"][0].header,
                "raw_submitted_at",
                "raw_submitted_at is not null and submitted_at is null",
                "'{value}' was not understood as a date and time; the response is kept "
                "without one.",
            )
        )
    checks += _wave_checks(spec, kind) + _likert_checks(spec)
    return checks


def _wave_checks(spec: TypingSpec, kind: str) -> list[Check]:
    """A one-file pilot needs Pre or Post on every row."""
    wave = spec.mapping.sources.get("wave")
    if kind != "pilot" or not wave:
        return []
    message = (
        "The wave is '{value}', not Pre or Post. Each row must say which wave it belongs to; "
        "correct it in the file and upload again."
    )
    raw = "coalesce(raw_wave, '(blank)')"
    return [Check("error", wave[0].header, raw, "wave is null", message)]


def _likert_checks(spec: TypingSpec) -> list[Check]:
    """Agreement answers must be one of the five levels (or 1-5)."""
    levels = ", ".join(LIKERT_LEVELS)
    message = (
        f"'{{value}}' is not one of the agreement levels ({levels}) or a number 1-5. Correct "
        "it in the file and upload again."
    )
    checks = []
    for i, (_, column) in enumerate(spec.likert):
        bad = f"raw_l{i} is not null and level_l{i} is null"
        checks.append(Check("error", column.header, f"raw_l{i}", bad, message))
    return checks


def report_exclusions(con: duckdb.DuckDBPyConnection, report: ParsedUpload) -> None:
    """A warning per reason rows were left out, with the rows, and the total in n_excluded."""
    sql = (
        f"select exclusion, count(*), list(source_row order by source_row)[1:10] "  # noqa: S608
        f"from {TYPED_TABLE} where exclusion is not null group by exclusion order by 1"
    )
    for reason, count, rows in con.execute(sql).fetchall():
        report.n_excluded += count
        report.warn(
            f"{count} row(s) left out as {reason}: {rows_text(rows)}"
            + (" (first ten shown)." if count > len(rows) else ".")
        )


def report_missing_person(con: duckdb.DuckDBPyConnection, table: str, report: ParsedUpload) -> None:
    """One warning for responses with no e-mail (or reference) to de-duplicate or match on."""
    rows = "list(source_row order by source_row)[1:10]"
    # `table` is one of this package's temp views.
    sql = f"select count(*), {rows} from {table} where person is null"  # noqa: S608
    count, rows = con.execute(sql).fetchall()[0]
    if count:
        report.warn(
            f"{count} response(s) have no e-mail address ({rows_text(rows or [])}"
            f"{', first ten shown' if count > 10 else ''}). They are kept, but cannot be "
            "de-duplicated or matched to the same person's other responses."
        )


def warn_merged(report: ParsedUpload, merged: int, first_rows: list[int]) -> None:
    """A warning for earlier submissions merged into the same person's latest one, naming the
    first ten rows dropped (none when nothing was merged)."""
    if not merged:
        return
    report.warn(
        f"{merged} earlier submission(s) by the same e-mail address were merged into the "
        f"person's latest one ({rows_text(first_rows)} dropped"
        f"{', first ten shown' if merged > 10 else ''})."
    )


def timestamp_plan(
    con: duckdb.DuckDBPyConnection,
    layout: Layout,
    column: SourceColumn | None,
    report: ParsedUpload,
) -> tuple[bool, str | None]:
    """(whether slash dates are month first, the format most rows use) for the date column."""
    if column is None:
        return layout.month_first, None
    sample = [
        r[0]
        for r in con.execute(
            # Only generated column names (c0, c1...) and constants; values are bound.
            f"select trim(split_part({sx.ident(column)}, ' GMT', 1)) from {RAW_TABLE} "  # noqa: S608
            f"where rowid >= {layout.n_header_rows} and {sx.ident(column)} is not null limit 200"
        ).fetchall()
    ]
    month_first = layout.month_first
    if any(_SLASH_DATE.match(v) for v in sample):
        month_first = _infer_month_first(con, layout, column, report)
    return month_first, _usual_format(con, sample, month_first)


_SLASH_DATE = re.compile(r"^\d{1,2}/\d{1,2}/")


def _usual_format(
    con: duckdb.DuckDBPyConnection, sample: list[str], month_first: bool
) -> str | None:
    """The first candidate format that reads the most sampled dates, if any reads them."""
    long_formats, short_formats = sx.timestamp_formats(month_first)
    formats = short_formats + long_formats  # two-digit years first: %Y would misread them
    if not sample:
        return None
    counts = ", ".join(f"count(try_strptime(v, $f{i}))" for i in range(len(formats)))
    params = {"sample": sample, **{f"f{i}": f for i, f in enumerate(formats)}}
    # The formats are bound as $f0, $f1...; the sample as $sample.
    found = con.execute(f"select {counts} from (select unnest($sample) as v)", params).fetchall()[0]  # noqa: S608
    best = max(range(len(formats)), key=lambda i: (found[i], -i))
    return formats[best] if found[best] == len(sample) else None


def _infer_month_first(
    con: duckdb.DuckDBPyConnection, layout: Layout, column: SourceColumn, report: ParsedUpload
) -> bool:
    """Whether slash dates are month/day: decided by any part over 12, else the tool's habit."""
    value = f"trim({sx.ident(column)})"
    parts = [f"max(try_cast(split_part({value}, '/', {n}) as integer))" for n in (1, 2)]
    # Only generated column names (c0, c1...) and constants; values are bound.
    sql = f"select {', '.join(parts)} from {RAW_TABLE} where rowid >= {layout.n_header_rows}"  # noqa: S608
    first, second = con.execute(sql).fetchall()[0]
    if first is None or second is None:
        return layout.month_first
    if first > 12:
        return False
    if second > 12:
        return True
    if layout.tool in _LOCALE_DATES:
        order = "month/day" if layout.month_first else "day/month"
        report.warn(
            f"The dates in '{column.header}' could be read as day/month or month/day; they were "
            f"read as {order}, as {layout.description} usually writes them. Check the preview.",
            column=column.header,
        )
    return layout.month_first
