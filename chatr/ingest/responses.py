"""Stage baseline and pilot survey responses: type, check, de-duplicate, split into tables."""

from __future__ import annotations

import duckdb

from chatr.ingest import optimistic
from chatr.ingest import sqlexpr as sx
from chatr.ingest.checks import run_checks
from chatr.ingest.fields import ALIASES, FEEDBACK_FIELDS
from chatr.ingest.layout import Layout, SourceColumn
from chatr.ingest.mapping import Mapping
from chatr.ingest.read import RAW_TABLE
from chatr.ingest.response_checks import (
    report_exclusions,
    report_missing_person,
    response_checks,
    timestamp_plan,
    warn_merged,
)
from chatr.ingest.typed import BASELINE_COLUMNS, TYPED_TABLE, TypingSpec, create_typed
from chatr.ingest.validation import FOLLOWUP_KIND, STATEMENT_KINDS, ParsedUpload
from chatr.reference import clean_text

# The wave a one-survey upload's rows are staged as (queries/store_pilot_ratings.sql turns it
# into the phase: pre -> baseline, post -> follow_up, followup -> months_later).
FIXED_WAVES = {"pilot_pre": "pre", "pilot_post": "post", FOLLOWUP_KIND: "followup"}
RESPONSES_VIEW = "ingest_responses"  # typed rows that are real responses
# Of several submissions by one person (in one wave) the latest is kept; an aggregate finds
# them faster than a window over a million rows.
_LATEST = (
    f"where person is null or source_row in (select max_by(source_row, "  # noqa: S608
    f"(coalesce(submitted_at, '-infinity'::timestamp), source_row)) "
    f"from {RESPONSES_VIEW} where person is not null group by wave, person)"
)
PILOT_COLUMNS = (
    "source_row, wave, submitted_at, email, external_ref, name, team, organisation, "
    "organisation_other, practice_use_score"
)
_NUMERIC_EXPORT = (
    "This is a Qualtrics numeric export: answers were decoded from their option numbers in the "
    "programme survey's order. If the survey's options were ever reordered, export again with "
    "'Use choice text' and upload that instead."
)


def stage_responses(
    con: duckdb.DuckDBPyConnection,
    layout: Layout,
    mapping: Mapping,
    kind: str,
    report: ParsedUpload,
) -> None:
    """Create the staged tables of a baseline or pilot upload and report what was found."""
    spec = _typing_spec(con, layout, mapping, kind, report)
    checks = response_checks(spec, kind)
    if kind == "baseline" and optimistic.stage_baseline(con, spec, checks, report):
        return  # a clean file: staged without the typed table the report is worded from
    create_typed(con, spec)
    # Every later step reads the typed rows: the raw text goes now, not at the end of the
    # parse, so the staging below does not hold a third copy of the file (on a million rows
    # the peak memory of a load).
    con.execute(f"drop table if exists temp.{RAW_TABLE}")
    person = "email" if kind == "baseline" else "coalesce(email, lower(external_ref))"
    con.execute(
        f"create or replace temp view {RESPONSES_VIEW} as "  # noqa: S608
        f"select *, {person} as person from {TYPED_TABLE} where exclusion is null"
    )
    report.n_rows_in_file = _count(con, TYPED_TABLE)
    report_exclusions(con, report)
    run_checks(con, RESPONSES_VIEW, checks, report)
    report_missing_person(con, RESPONSES_VIEW, report)
    main = "staged_baseline" if kind == "baseline" else "staged_pilot_response"
    columns = BASELINE_COLUMNS if kind == "baseline" else PILOT_COLUMNS
    con.execute(
        # Table and columns are the constants above, chosen by kind.
        f"create or replace temp table {main} as select {columns} from {RESPONSES_VIEW} {_LATEST}"  # noqa: S608
    )
    report.stage(main)
    report.n_rows_staged = _count(con, main)
    _report_merged(con, main, report)
    if kind != "baseline":
        _stage_likert(con, spec, report)
        _stage_feedback(con, spec, report)
    if kind == "pilot":
        _report_unmatched(con, report)


def _typing_spec(
    con: duckdb.DuckDBPyConnection,
    layout: Layout,
    mapping: Mapping,
    kind: str,
    report: ParsedUpload,
) -> TypingSpec:
    """What the typed query needs: Likert and free-text columns, date order and usual format."""
    spec = TypingSpec(layout, mapping, fixed_wave=FIXED_WAVES.get(kind))
    if kind in STATEMENT_KINDS:
        spec.likert = mapping.likert + _likert_by_content(con, layout, mapping)
        spec.feedback = _feedback_columns(layout, mapping, report)
    else:
        _report_unused(layout, mapping, report)
    if layout.numeric_codes:
        report.warn(_NUMERIC_EXPORT)
    timestamp = mapping.sources.get("submitted_at")
    column = timestamp[0] if timestamp else None
    spec.month_first, spec.usual_timestamp_format = timestamp_plan(con, layout, column, report)
    return spec


def _report_merged(con: duckdb.DuckDBPyConnection, main: str, report: ParsedUpload) -> None:
    """Say how many earlier submissions by the same person were merged, and which rows."""
    merged = _count(con, RESPONSES_VIEW) - report.n_rows_staged
    report.n_duplicates_merged = merged
    if not merged:
        return
    dropped = con.execute(
        f"select source_row from {RESPONSES_VIEW} where source_row not in "  # noqa: S608
        f"(select source_row from {main}) order by source_row limit 10"
    ).fetchall()
    warn_merged(report, merged, [r[0] for r in dropped])


def _kept_typed() -> str:
    """The typed rows of the responses that were staged (after de-duplication)."""
    return (
        f"(select * from {TYPED_TABLE} where source_row in "  # noqa: S608
        "(select source_row from staged_pilot_response)) as kept"
    )


def _stage_likert(con: duckdb.DuckDBPyConnection, spec: TypingSpec, report: ParsedUpload) -> None:
    """staged_likert: one row per person, wave and answered statement."""
    p = sx.Params()
    levels = ", ".join(f"level_l{i}" for i in range(len(spec.likert))) or "null::integer"
    statements = p([statement for statement, _ in spec.likert] or [None])
    con.execute(
        # Only generated column names (c0, c1...) and constants; values are bound.
        "create or replace temp table staged_likert as "  # noqa: S608
        "select source_row, wave, email, external_ref, statement, cast(level as integer) as level "
        f"from (select source_row, wave, email, external_ref, unnest({statements})::varchar "
        f"as statement, unnest([{levels}]) as level from {_kept_typed()}) "
        "where level is not null order by source_row, statement",
        p.values,
    )
    report.stage("staged_likert")


def _stage_feedback(con: duckdb.DuckDBPyConnection, spec: TypingSpec, report: ParsedUpload) -> None:
    """staged_feedback: one row per non-blank free-text answer."""
    p = sx.Params()
    texts = ", ".join(f"text_f{i}" for i in range(len(spec.feedback))) or "null::varchar"
    kinds = p([k for k, _, _ in spec.feedback] or [None])
    questions = p([q for _, q, _ in spec.feedback] or [None])
    con.execute(
        # Only generated column names (c0, c1...) and constants; values are bound.
        "create or replace temp table staged_feedback as "  # noqa: S608
        "select source_row, wave, email, external_ref, kind, question, text "
        f"from (select source_row, wave, email, external_ref, unnest({kinds})::varchar as kind, "
        f"unnest({questions})::varchar as question, unnest([{texts}])::varchar as text "
        f"from {_kept_typed()}) where text is not null order by source_row, kind",
        p.values,
    )
    report.stage("staged_feedback")


def _likert_by_content(
    con: duckdb.DuckDBPyConnection, layout: Layout, mapping: Mapping
) -> list[tuple[str, SourceColumn]]:
    """Statement-only columns (Microsoft Forms, templates) whose every answer is a Likert level."""
    candidates = [c for c in mapping.free(layout) if c.role == "answer" and not c.option]
    if not candidates:
        return []
    p = sx.Params()
    parts = []
    for c in candidates:
        value = sx.clean(sx.ident(c))
        parts.append(f"count({value})")
        parts.append(
            f"count(*) filter (where {value} is not null "
            f"and {sx.likert_level(p, sx.ident(c))} is null)"
        )
    # Only generated column names (c0, c1...) and constants; values are bound.
    sql = f"select {', '.join(parts)} from {RAW_TABLE} where rowid >= {layout.n_header_rows}"  # noqa: S608
    counts = con.execute(sql, p.for_sql(sql)).fetchall()[0]
    found = []
    for i, column in enumerate(candidates):
        answered, unknown = counts[2 * i], counts[2 * i + 1]
        # In our template every other column is a statement; elsewhere a column counts as Likert
        # when nearly all its answers are levels, so a typo is reported rather than hidden.
        if layout.is_template or (answered and unknown <= 0.2 * answered):
            found.append((clean_text(column.question) or column.header, column))
            mapping.used.add(column.index)
    return found


def _feedback_columns(
    layout: Layout, mapping: Mapping, report: ParsedUpload
) -> list[tuple[str, str, SourceColumn]]:
    """Free-text questions: the known ones by kind, any other answer column as a quote."""
    found = []
    for name, kind in FEEDBACK_FIELDS.items():
        for column in mapping.sources.get(name, []):
            question = ALIASES[name][1] if layout.tool == "canonical" else column.question
            found.append((kind, clean_text(question) or column.header, column))
    extra = [c for c in mapping.free(layout) if c.role == "answer"]
    for column in extra:
        found.append(("quote", clean_text(column.question) or column.header, column))
        mapping.used.add(column.index)
    if extra:
        report.warn(
            "These columns were not recognised, so their answers were kept as free-text "
            f"comments: {'; '.join(c.header for c in extra)}. If one holds something else, "
            "choose it in the column mapping."
        )
    return found


def _report_unused(layout: Layout, mapping: Mapping, report: ParsedUpload) -> None:
    """A warning naming the question columns that were not used, so nothing is lost silently."""
    unused = [c.header for c in mapping.free(layout) if c.role != "metadata"]
    if unused:
        report.warn(f"These columns were not used: {'; '.join(unused)}.")


def _report_unmatched(con: duckdb.DuckDBPyConnection, report: ParsedUpload) -> None:
    """In a one-file pilot, the participants who have only one of the two waves."""
    rows = con.execute(
        "select coalesce(email, lower(external_ref)) as person, min(wave) "
        "from staged_pilot_response where person is not null and wave is not null "
        "group by person having count(distinct wave) = 1 order by person"
    ).fetchall()
    if rows:
        listed = ", ".join(f"{person} ({wave} only)" for person, wave in rows[:20])
        report.warn(f"{len(rows)} participant(s) could not be matched across waves: {listed}.")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows in a table or view."""
    # `table` is one of this package's temp tables or views.
    return con.execute(f"select count(*) from {table}").fetchall()[0][0]  # noqa: S608
