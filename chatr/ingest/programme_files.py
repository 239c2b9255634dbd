"""Stage the programme's own template CSVs: cohorts, comms events and cohort feedback."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from chatr.ingest import sqlexpr as sx
from chatr.ingest.checks import Check, run_checks
from chatr.ingest.fields import PROGRAMME_COLUMNS, PROGRAMME_REQUIRED
from chatr.ingest.layout import Layout, SourceColumn
from chatr.ingest.mapping import normalise
from chatr.ingest.read import RAW_TABLE
from chatr.ingest.validation import ParsedUpload
from chatr.reference import LIFE_STAGES

PROGRAMME_TYPED = "ingest_programme_typed"
FEEDBACK_KINDS = ("quote", "went_well", "improve", "hope")
_STAGED = {"cohorts": "staged_cohort", "comms": "staged_comms_event", "feedback": "staged_feedback"}
_OUTPUT = {
    "cohorts": "source_row, life_stage, cohort_number, start_date, end_date, places, location, "
    "status",
    "comms": "source_row, event_date, kind, title",
    "feedback": "source_row, null::varchar as wave, email, null::varchar as external_ref, kind, "
    "null::varchar as question, text",
}


def stage_programme_file(
    con: duckdb.DuckDBPyConnection, layout: Layout, kind: str, report: ParsedUpload
) -> None:
    """Type, check and stage a cohorts, comms or feedback template upload."""
    if layout.tool != "canonical":
        report.error(
            f"This looks like a {layout.description}, but {kind} must be uploaded as the ChATR "
            f"template CSV (columns: {', '.join(PROGRAMME_COLUMNS[kind])}). Download the template "
            "from the Upload page, copy your rows into it and upload that."
        )
        return
    columns = _match_columns(layout, kind, report)
    if any(name not in columns for name in PROGRAMME_REQUIRED[kind]):
        return
    p = sx.Params()
    fields = _typed_fields(kind, columns, p)
    select = ", ".join(f"{expr} as {name}" for name, expr in fields)
    used = ", ".join(sx.ident(c) for c in columns.values())
    rows = (
        # Only generated column names (c0, c1...) and constants; values are bound.
        f"select cast(rowid + 1 as integer) as source_row, {select} from {RAW_TABLE} "  # noqa: S608
        f"where rowid >= {layout.n_header_rows} and coalesce({used}) is not null"
    )
    # A cohort listed twice is found with a window, which a check's filter cannot hold.
    same = "count(*) over (partition by life_stage, cohort_number)" if kind == "cohorts" else "1"
    sql = (
        f"create or replace temp table {PROGRAMME_TYPED} as "  # noqa: S608 - generated names
        f"select *, {same} as n_same_key from ({rows})"
    )
    con.execute(sql, p.for_sql(sql))
    run_checks(con, PROGRAMME_TYPED, _checks(kind, columns), report)
    table = _STAGED[kind]
    con.execute(
        # Table and columns come from the fixed tables above, chosen by kind.
        f"create or replace temp table {table} as select {_OUTPUT[kind]} "  # noqa: S608
        f"from {PROGRAMME_TYPED} order by source_row"
    )
    report.stage(table)
    count = con.execute(f"select count(*) from {table}").fetchall()[0][0]  # noqa: S608
    report.n_rows_in_file = report.n_rows_staged = count


def _match_columns(layout: Layout, kind: str, report: ParsedUpload) -> dict[str, SourceColumn]:
    """Template columns by name (any case or spacing); an error for each required one missing."""
    by_name = {normalise(c.header): c for c in layout.columns}
    found = {n: by_name[normalise(n)] for n in PROGRAMME_COLUMNS[kind] if normalise(n) in by_name}
    for name in PROGRAMME_REQUIRED[kind]:
        if name not in found:
            report.unmapped[name] = [c.header for c in layout.columns if c not in found.values()]
            report.error(
                f"The column '{name}' is missing. The {kind} template has the columns "
                f"{', '.join(PROGRAMME_COLUMNS[kind])}; download it from the Upload page."
            )
    report.column_map = {n: c.header for n, c in found.items()}
    return found


def _typed_fields(
    kind: str, columns: dict[str, SourceColumn], p: sx.Params
) -> list[tuple[str, str]]:
    """(name, SQL) for each output field, after the raw text of every column for the checks."""

    def raw(name: str) -> str:
        return sx.clean(sx.ident(columns[name])) if name in columns else "null::varchar"

    def typed(name: str, build: Callable[[str], str]) -> str:
        return build(sx.ident(columns[name])) if name in columns else "null"

    def stage(c: str) -> str:
        return sx.lookup(p, sx.stage_key(c), sx.life_stage_table(numeric=False))

    def feedback_kind(c: str) -> str:
        return sx.lookup(p, f"replace({sx.key(c)}, ' ', '_')", {k: k for k in FEEDBACK_KINDS})

    def date(c: str) -> str:
        return sx.date(p, c)

    if kind == "cohorts":
        fields = [
            ("life_stage", typed("life_stage", stage)),
            ("cohort_number", f"cast({typed('cohort_number', sx.score)} as integer)"),
            ("start_date", f"cast({typed('start_date', date)} as date)"),
            ("end_date", f"cast({typed('end_date', date)} as date)"),
            ("places", f"cast({typed('places', sx.score)} as integer)"),
            ("location", raw("location")),
            ("status", raw("status")),
        ]
    elif kind == "comms":
        event_date = f"cast({typed('event_date', date)} as date)"
        fields = [("event_date", event_date), ("kind", raw("kind")), ("title", raw("title"))]
    else:
        email = sx.email([columns["email"]]) if "email" in columns else "null::varchar"
        text = f"cast({typed('text', sx.free_text)} as varchar)"
        fields = [("email", email), ("kind", typed("kind", feedback_kind)), ("text", text)]
    return [(f"raw_{n}", raw(n)) for n in PROGRAMME_COLUMNS[kind]] + fields


def _checks(kind: str, columns: dict[str, SourceColumn]) -> list[Check]:
    """The row checks of a template upload."""
    header = {n: c.header for n, c in columns.items()}
    fix = " Correct it in the file and upload again."

    def invalid(name: str, what: str, required: bool = True) -> Check:
        blank_too = f"raw_{name} is null or " if required else f"raw_{name} is not null and "
        value = f"coalesce(raw_{name}, '(blank)')"
        message = f"'{{value}}' is not {what}.{fix}"
        return Check("error", header.get(name), value, f"{blank_too}{name} is null", message)

    if kind == "comms":
        return [invalid("event_date", "a date (YYYY-MM-DD)"), invalid("title", "a title")]
    if kind == "feedback":
        kinds = ", ".join(FEEDBACK_KINDS)
        return [invalid("kind", f"one of the feedback kinds ({kinds})"), invalid("text", "text")]
    return [
        invalid("life_stage", f"one of the life stages ({', '.join(LIFE_STAGES)})"),
        invalid("cohort_number", "a cohort number (a whole number)"),
        invalid("start_date", "a date (YYYY-MM-DD)"),
        invalid("end_date", "a date (YYYY-MM-DD)"),
        invalid("places", "a number of places (a whole number)", required=False),
        Check(
            "error",
            header["end_date"],
            "raw_end_date",
            "end_date <= start_date",
            "The end date '{value}' is not after the start date." + fix,
        ),
        Check(
            "error",
            header["cohort_number"],
            "life_stage || ' #' || cohort_number",
            "life_stage is not null and cohort_number is not null and n_same_key > 1",
            "Cohort {value} appears on more than one row. List each life stage and cohort "
            "number once.",
        ),
    ]
