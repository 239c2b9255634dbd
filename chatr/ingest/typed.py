"""Build one typed temp table of survey responses from the raw text table, in a single query.

Closed questions (life stages, organisation, interest) have few distinct answers, so they are
normalised once per distinct answer in a small lookup and joined back: on a million rows that is
several times faster than running the list functions on every row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from chatr.ingest import sqlexpr as sx
from chatr.ingest.layout import Layout, SourceColumn
from chatr.ingest.mapping import Mapping
from chatr.ingest.read import RAW_TABLE
from chatr.reference import OTHER

TYPED_TABLE = "ingest_typed"
# The columns of staged_baseline, from the typed rows.
BASELINE_COLUMNS = (
    "source_row, submitted_at, email, name, team, life_stages, organisation, "
    "organisation_other, practice_use_score, interest"
)
# Step columns only the final organisation and score are computed from; not kept.
_INTERMEDIATE = "score_number, org_main, org_label, org_other_text"


@dataclass
class TypingSpec:
    """Everything the typed query needs beyond the field mapping."""

    layout: Layout
    mapping: Mapping
    likert: list[tuple[str, SourceColumn]] = field(default_factory=list)
    feedback: list[tuple[str, str, SourceColumn]] = field(default_factory=list)  # kind, question
    # 'pre', 'post' or 'followup' when the kind says it; None: from a column
    fixed_wave: str | None = None
    month_first: bool = False
    usual_timestamp_format: str | None = None


def create_typed(con: duckdb.DuckDBPyConnection, spec: TypingSpec) -> None:
    """Create TYPED_TABLE: one row per data row, every field parsed, raw text kept for checks."""
    p = sx.Params()
    # Built by sqlexpr from generated column names; every value is bound.
    sql = f"create or replace temp table {TYPED_TABLE} as\n{typed_rows(spec, p)}"  # noqa: S608
    con.execute(sql, p.for_sql(sql))


def typed_rows(spec: TypingSpec, p: sx.Params) -> str:
    """The query of TYPED_TABLE's rows (its values bound through `p`)."""
    lookups, joins, looked_up = _lookups(spec, p)
    step = [("exclusion", _exclusion(spec, p)), *_row_columns(spec, p), *looked_up]
    select = ",\n  ".join(f"{expr} as {name}" for name, expr in step)
    ctes = ",\n".join([f"src as ({_data_rows_sql(spec)})", *lookups])
    return (
        # Built by sqlexpr from generated column names; every value is bound.
        f"with {ctes},\n"  # noqa: S608
        f"step as (select src.source_row,\n  {select}\nfrom src {' '.join(joins)})\n"
        f"select * exclude ({_INTERMEDIATE}), {_final_columns(p)} from step"
    )


def _data_rows_sql(spec: TypingSpec) -> str:
    """SELECT of the raw data rows: header rows and wholly blank rows left out."""
    used = [c for cols in spec.mapping.sources.values() for c in cols]
    used += [c for _, c in spec.likert] + [c for _, _, c in spec.feedback]
    not_blank = f"coalesce({', '.join(sx.ident(c) for c in used)}) is not null" if used else "true"
    where = f"rowid >= {spec.layout.n_header_rows} and {not_blank}"
    # Only generated column names (c0, c1...) and constants; values are bound.
    return f"select cast(rowid + 1 as integer) as source_row, * from {RAW_TABLE} where {where}"  # noqa: S608


def _exclusion(spec: TypingSpec, p: sx.Params) -> str:
    """Why a row is not a response to load (NULL if it is): tool junk rows, the other wave."""
    cases = [
        f"when coalesce(list_contains({p(list(e.values))}, "
        f"lower(trim(src.{sx.ident(e.column)}))), false) then {p(e.reason)}"
        for e in spec.layout.exclusions
    ]
    wave_columns = spec.mapping.sources.get("wave")
    # A pre or post upload leaves out the other wave's rows of a one-file export. A follow-up
    # has no such column to trust: the tools' "follow-up" wording means the after survey.
    if spec.fixed_wave in ("pre", "post") and wave_columns:
        other = "post" if spec.fixed_wave == "pre" else "pre"
        in_file = sx.wave(p, sx.ident(wave_columns[0]))
        reason = p(f"a {other} response in a {spec.fixed_wave} upload")
        cases.append(f"when {in_file} <> {p(spec.fixed_wave)} then {reason}")
    return f"case {' '.join(cases)} end" if cases else "null::varchar"


def _lookups(spec: TypingSpec, p: sx.Params) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(lookup CTEs, their joins, the columns they provide) for few-valued questions."""
    src, numeric = spec.mapping.sources, spec.layout.numeric_codes
    ctes, joins, columns = [], [], []

    # Distinct answers come straight from the raw table: reading `src` here as well would make
    # DuckDB materialise it, a full copy of the file.
    rows = f"{RAW_TABLE} where rowid >= {spec.layout.n_header_rows}"

    def add(name: str, key_sql: str, outputs: list[tuple[str, str]]) -> None:
        values = ", ".join(f"{expr} as {alias}" for alias, expr in outputs)
        ctes.append(
            # Only generated column names (c0, c1...) and constants; values are bound.
            f"{name} as (select k, {values} from (select distinct {key_sql} as k from {rows}))"  # noqa: S608
        )
        joins.append(f"left join {name} on {key_sql} is not distinct from {name}.k")
        columns.extend((alias, f"{name}.{alias}") for alias, _ in outputs)

    def first(name: str) -> str:
        return sx.ident(src[name][0])

    blank = "null::varchar"
    if "life_stages" in src:
        items = sx.life_items("k")
        mapped = sx.life_mapped(p, items, numeric)
        add("life_lookup", sx.life_text(src["life_stages"]), [
            ("life_stages", sx.life_stage_list(p, mapped)),
            ("life_unknown", sx.life_unknown(p, items, numeric)),
        ])  # fmt: skip
    else:
        columns += [("life_stages", "null::varchar[]"), ("life_unknown", "[]::varchar[]")]
    if "organisation" in src:
        label = sx.lookup(p, sx.key("k"), sx.organisation_table(numeric))
        add(
            "org_lookup", first("organisation"), [("org_main", sx.clean("k")), ("org_label", label)]
        )
    else:
        columns += [("org_main", blank), ("org_label", blank)]
    if "team" in src:
        add("team_lookup", first("team"), [("team", sx.clean("k"))])
    else:
        columns.append(("team", blank))
    if "practice_use_score" in src:
        add("score_lookup", first("practice_use_score"), [
            ("raw_score", "nullif(trim(k), '')"),
            ("score_number", sx.score("k")),
        ])  # fmt: skip
    else:
        columns += [("raw_score", blank), ("score_number", "null::integer")]
    if "interest" in src:
        add("interest_lookup", first("interest"), [
            ("raw_interest", sx.clean("k")),
            ("interest", sx.interest(p, "k", numeric)),
        ])  # fmt: skip
    else:
        columns += [("raw_interest", blank), ("interest", blank)]
    return ctes, joins, columns


def _row_columns(spec: TypingSpec, p: sx.Params) -> list[tuple[str, str]]:
    """(name, SQL) of the fields parsed row by row, and the raw text the checks show."""
    src = spec.mapping.sources

    def one(name: str, build: Callable[[str], str], null_type: str = "varchar") -> str:
        cols = src.get(name)
        return build(sx.ident(cols[0])) if cols else f"null::{null_type}"

    def stamp(c: str) -> str:
        return sx.timestamp(p, c, spec.month_first, spec.usual_timestamp_format)

    wave = one("wave", lambda c: sx.wave(p, c))
    columns = [
        ("raw_submitted_at", one("submitted_at", lambda c: f"nullif(trim({c}), '')")),
        ("submitted_at", one("submitted_at", stamp, "timestamp")),
        ("email", sx.email(src["email"]) if "email" in src else "null::varchar"),
        ("external_ref", one("external_ref", sx.clean)),
        ("name", sx.person_name(src["name"]) if "name" in src else "null::varchar"),
        ("org_other_text", one("organisation_other", sx.clean)),
        ("raw_wave", one("wave", sx.clean)),
        ("wave", f"{p(spec.fixed_wave)}::varchar" if spec.fixed_wave else wave),
    ]
    for i, (_, column) in enumerate(spec.likert):
        columns.append((f"raw_l{i}", sx.clean(sx.ident(column))))
        columns.append((f"level_l{i}", sx.likert_level(p, sx.ident(column))))
    for i, (_, _, column) in enumerate(spec.feedback):
        columns.append((f"text_f{i}", sx.free_text(sx.ident(column))))
    return columns


def _final_columns(p: sx.Params) -> str:
    """Fields derived from the step columns: organisation with its 'Other' text, the score."""
    other = p(OTHER)
    organisation = (
        f"case when org_label is not null and org_label <> {other} then org_label "
        f"when org_label = {other} or org_other_text is not null or org_main is not null "
        f"then {other} end"
    )
    organisation_other = (
        f"case when org_label is null or org_label = {other} "
        "then coalesce(org_other_text, case when org_label is null then org_main end) end"
    )
    score = "case when score_number between 0 and 10 then score_number end"
    return (
        f"{organisation} as organisation, {organisation_other} as organisation_other, "
        f"cast({score} as integer) as practice_use_score"
    )
