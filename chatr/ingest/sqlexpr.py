"""SQL expressions that normalise raw text cells; values always travel as bound parameters.

Every function returns SQL text built only from our own column identifiers (c0, c1, ...) and
constants; anything that came from a file or the reference lists is bound through Params.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from chatr.ingest.layout import SourceColumn
from chatr.reference import (
    LIFE_STAGE_ALIASES,
    LIFE_STAGES,
    LIKERT_LEVELS,
    ORGANISATION_SURVEY_ORDER,
    ORGANISATIONS,
    OTHER,
)

_APOSTROPHES = "'\u2019\u2018\u02bc`'"  # SQL literal of the characters clean_text straightens


class Params:
    """Collects bound parameter values and hands out their $names."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def __call__(self, value: object) -> str:
        """A placeholder bound to the value."""
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"

    def for_sql(self, sql: str) -> dict[str, object]:
        """The values the SQL refers to: DuckDB refuses parameters a statement does not use."""
        used = set(re.findall(r"\$(p\d+)\b", sql))
        return {name: value for name, value in self.values.items() if name in used}


def ident(column: SourceColumn | int) -> str:
    """The raw table's quoted column name ("c3") for a source column or its position."""
    index = column if isinstance(column, int) else column.index
    # The name is made from the position alone, never from header text, so no header (one
    # holding '"' included) can reach the SQL; anything but a position is a bug.
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError(f"a raw column is named by its position, not by {index!r}")
    return f'"c{index}"'


def clean(expr: str) -> str:
    """SQL twin of reference.clean_text: trimmed, spaces collapsed, apostrophes straight."""
    straight = f"translate({expr}, {_APOSTROPHES}, '''''''''')"
    full = f"nullif(trim(regexp_replace({straight}, '[\\s\\x{{00A0}}]+', ' ', 'g')), '')"
    # Most cells need only a trim; one cheap test spares them the slow rewrite (4x faster).
    odd = _APOSTROPHES[1:-1]  # the curly and other apostrophes, without the SQL quoting
    needs_work = f"regexp_matches({expr}, '\\s\\s|[\\t\\n\\r\\x{{00A0}}{odd}]')"
    return f"case when {needs_work} then {full} else nullif(trim({expr}), '') end"


def free_text(expr: str) -> str:
    """Free text trimmed at both ends only: line breaks, emoji and quotes inside are kept."""
    return f"nullif(trim({expr}, ' \t\r\n'), '')"


def first_of(columns: list[SourceColumn], one: Callable[[str], str]) -> str:
    """The first non-blank of several columns after applying one() to each."""
    parts = [one(ident(c)) for c in columns]
    return parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"


def email(columns: list[SourceColumn]) -> str:
    """SQL twin of reference.canonical_email over the first non-blank source column."""
    # Addresses hold no inner spaces or apostrophes to tidy, so a plain trim does (2x faster).
    return first_of(columns, lambda c: f"nullif(nullif(lower(trim({c})), ''), 'anonymous')")


def person_name(columns: list[SourceColumn]) -> str:
    """A cleaned name; Microsoft Forms writes 'Anonymous' for anonymous responses."""
    # The length test is cheap and spares almost every cell the case-folding.
    anonymous = lambda c: f"length({c}) between 9 and 20 and lower(trim({c})) = 'anonymous'"  # noqa: E731
    return first_of(columns, lambda c: f"case when {anonymous(c)} then null else {clean(c)} end")


def lookup(p: Params, key_expr: str, table: dict[str, object]) -> str:
    """The value for a key in a small mapping, passed as two parameter lists; NULL if absent."""
    keys, values = p(list(table)), p(list(table.values()))
    return f"{values}[list_position({keys}, {key_expr})]"


def key(expr: str) -> str:
    """A lower-cased, cleaned lookup key."""
    return f"lower({clean(expr)})"


def stage_key(expr: str) -> str:
    """SQL twin of the key canonical_life_stage looks up ('0-5 years' -> '0-5')."""
    squeezed = f"replace(replace(lower(trim({expr})), ' ', ''), '\u2013', '-')"
    return f"regexp_replace({squeezed}, '(s|years?|yrs?)$', '')"


def life_stage_table(numeric: bool) -> dict[str, str]:
    """Spellings to canonical stages; Qualtrics numeric exports use 1-5 in LIFE_STAGES order."""
    table = dict(LIFE_STAGE_ALIASES)
    if numeric:
        table.update({str(i): stage for i, stage in enumerate(LIFE_STAGES, start=1)})
    return table


def life_text(columns: list[SourceColumn]) -> str:
    """The ticked options as one text: the joined cell, or one column per option joined by ';'."""
    return ident(columns[0]) if len(columns) == 1 else f"concat_ws(';', {_idents(columns)})"


def life_items(text: str) -> str:
    """The ticked options as a list, split on ';' or ',' (Google, Microsoft, Qualtrics joins)."""
    items = f"regexp_split_to_array({text}, '\\s*[;,]\\s*')"
    return f"list_filter({items}, lambda x: trim(x) <> '')"


def life_mapped(p: Params, items: str, numeric: bool) -> str:
    """Each ticked item as its canonical stage (NULL where it is not a known stage)."""
    table = life_stage_table(numeric)
    return f"list_transform({items}, lambda x: {lookup(p, stage_key('x'), table)})"


def life_stage_list(p: Params, mapped: str) -> str:
    """Distinct canonical stages in LIFE_STAGES order, or NULL if none."""
    stages = f"list_filter({p(list(LIFE_STAGES))}, lambda s: list_contains({mapped}, s))"
    return f"nullif({stages}, [])"


def life_unknown(p: Params, items: str, numeric: bool) -> str:
    """The ticked items that are not a known life stage, for a warning."""
    keys = p(list(life_stage_table(numeric)))
    return f"list_filter({items}, lambda x: not list_contains({keys}, {stage_key('x')}))"


def organisation_table(numeric: bool) -> dict[str, str]:
    """Option labels (case-folded, apostrophes straight) to canonical labels; or numeric codes."""
    table = {(label.casefold()): label for label in ORGANISATIONS}
    table.update({"other (please specify)": OTHER, "other (please specify):": OTHER})
    if numeric:
        table = {str(i): label for i, label in enumerate(ORGANISATION_SURVEY_ORDER, start=1)}
    return table


def score(expr: str) -> str:
    """A whole number written as text ('7', or '7.0' from a spreadsheet); NULL otherwise."""
    value = f"trim({expr})"
    number = f"try_cast(regexp_extract({value}, '^\\d+') as integer)"
    return f"case when regexp_full_match({value}, '\\d+(\\.0+)?') then {number} end"


def interest(p: Params, expr: str, numeric: bool) -> str:
    """Yes/Maybe/No from the answer (or 1/2/3 in a numeric export); NULL if not recognised."""
    table = {"yes": "Yes", "maybe": "Maybe", "no": "No"}
    if numeric:
        table.update({"1": "Yes", "2": "Maybe", "3": "No"})
    leading = f"nullif(regexp_extract({key(expr)}, '^(yes|maybe|no)\\b', 1), '')"
    return lookup(p, f"coalesce({leading}, {key(expr)})", table)


def likert_level(p: Params, expr: str) -> str:
    """1..5 from a Likert label (any case) or the digit itself; NULL if not recognised."""
    table: dict[str, object] = {label.casefold(): i for i, label in enumerate(LIKERT_LEVELS, 1)}
    table.update({"neither agree or disagree": 3, "neutral": 3, "agree strongly": 5})
    table.update({"disagree strongly": 1, **{str(i): i for i in range(1, 6)}})
    return lookup(p, key(expr), table)


def wave(p: Params, expr: str) -> str:
    """'pre' or 'post' from the wave column's wording; NULL if not recognised."""
    table = {"pre": "pre", "before": "pre", "baseline": "pre", "post": "post", "after": "post"}
    table.update({"follow-up": "post", "follow up": "post", "followup": "post"})
    return lookup(p, key(expr), table)


def timestamp_text(expr: str) -> str:
    """Date text with any time-zone suffix ('GMT+1', 'UTC') dropped."""
    return f"regexp_replace(trim({expr}), '\\s*(GMT|UTC)([+-]\\d{{1,2}}(:?\\d{{2}})?)?$', '')"


def timestamp_formats(month_first: bool) -> tuple[list[str], list[str]]:
    """strptime formats to try: (four-digit-year ones, two-digit-year ones)."""
    day_month = "%m/%d" if month_first else "%d/%m"
    iso = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
    iso += ["%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S"]
    times = [" %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p", ""]
    long_formats = iso + [f"{day_month}/%Y{t}" for t in times]
    return long_formats, [f"{day_month}/%y{t}" for t in times]


def timestamp(p: Params, expr: str, month_first: bool, usual: str | None = None) -> str:
    """A TIMESTAMP from any layout's date text, zone suffix dropped (times stay as exported).

    `usual` is the format most of the file uses: tried first with a cheap zone strip, so only
    odd rows pay for the general search (10x faster on a million rows).
    """
    long_formats, short_formats = timestamp_formats(month_first)
    # Two-digit-year formats go first: %Y would read '23' as the year 23. One call with one
    # copy of the text keeps DuckDB from hoisting the text out of the lazy coalesce below.
    general = f"try_strptime({timestamp_text(expr)}, {p(short_formats + long_formats)})"
    if usual is None:
        return general
    quick = f"try_strptime(trim(split_part({expr}, ' GMT', 1)), {p(usual)})"
    return f"coalesce({quick}, {general})"


def date(p: Params, expr: str) -> str:
    """A DATE from ISO text or dd/mm/yyyy (the UK order the programme team types)."""
    formats = ["%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"]
    return f"cast(try_strptime(trim({expr}), {p(formats)}) as date)"


def _idents(columns: list[SourceColumn]) -> str:
    """Comma-separated raw identifiers."""
    return ", ".join(ident(c) for c in columns)
