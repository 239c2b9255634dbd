"""Match a file's columns to canonical fields by question text, never by position."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from chatr.ingest.fields import (
    ALIASES,
    EXPECTED,
    FIELD_LABELS,
    KIND_FIELDS,
    METADATA_FIELDS,
    MULTI_SOURCE,
    REQUIRED,
)
from chatr.ingest.layout import Layout, SourceColumn
from chatr.ingest.validation import STATEMENT_KINDS, ParsedUpload
from chatr.reference import clean_text

# Long question texts may differ by a word or some punctuation; short labels must match exactly,
# or "Name" would match "Team".
THRESHOLD = 0.85
_SHORT = 15
_LIKERT_STEM = re.compile(r"\bagree\b")


@dataclass
class Mapping:
    """Which columns feed each canonical field, plus the Likert and leftover columns."""

    sources: dict[str, list[SourceColumn]] = field(default_factory=dict)
    likert: list[tuple[str, SourceColumn]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)

    def take(self, name: str, columns: list[SourceColumn]) -> None:
        """Assign columns to a field and mark them used."""
        self.sources[name] = columns
        self.used.update(c.index for c in columns)

    def free(self, layout: Layout) -> list[SourceColumn]:
        """Columns not yet assigned to anything."""
        return [c for c in layout.columns if c.index not in self.used]


def normalise(text: str) -> str:
    """Text reduced to lower-case words, for comparing question wordings."""
    words = re.sub(r"[\W_]+", " ", (clean_text(text) or "").casefold())
    return " ".join(words.split())


def similarity(a: str, b: str) -> float:
    """1.0 for the same normalised text, else an edit ratio for long texts, else 0."""
    a, b = normalise(a), normalise(b)
    if a == b:
        return 1.0
    if min(len(a), len(b)) < _SHORT:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def field_score(name: str, column: SourceColumn) -> tuple[float, int]:
    """How well the column answers the field: (best similarity, minus the alias position)."""
    texts = [column.question] + ([column.option] if column.option else [])
    best = (0.0, 0)
    for position, alias in enumerate(ALIASES[name]):
        for text in texts:
            best = max(best, (similarity(text, alias), -position))
    return best


def map_columns(
    layout: Layout, kind: str, overrides: dict[str, str], report: ParsedUpload
) -> Mapping:
    """Assign columns to the kind's fields; report required fields nothing could be found for."""
    mapping = Mapping()
    _apply_overrides(layout, kind, overrides, mapping, report)
    for name in KIND_FIELDS[kind]:
        if name not in mapping.sources and name != "organisation_other":
            _match_field(layout, name, mapping)
    _match_other_text(layout, mapping)
    if kind in STATEMENT_KINDS:
        _match_likert_stems(layout, mapping)
    _report_unmapped(layout, kind, mapping, report)
    report.column_map = {n: cols[0].header for n, cols in mapping.sources.items() if cols}
    return mapping


def _apply_overrides(
    layout: Layout, kind: str, overrides: dict[str, str], mapping: Mapping, report: ParsedUpload
) -> None:
    """Use the columns the user picked; a pick that is not in the file is an error."""
    by_header = {c.header: c for c in layout.columns}
    by_normal = {normalise(c.header): c for c in layout.columns}
    for name, header in overrides.items():
        if name not in KIND_FIELDS[kind]:
            continue  # a saved choice for a field this kind does not use
        column = by_header.get(header) or by_normal.get(normalise(header))
        if column is None:
            report.error(
                f"The column chosen for the {FIELD_LABELS.get(name, name)}, '{header}', is not "
                "in this file. Pick one of the file's columns again.",
                column=header,
            )
            continue
        mapping.take(name, _with_siblings(layout, name, column))


def _match_field(layout: Layout, name: str, mapping: Mapping) -> None:
    """Assign the best-matching free column(s) to the field, if any match well enough."""
    scored = []
    for column in mapping.free(layout):
        if column.role == "other_text":
            continue
        if column.role == "metadata" and name not in METADATA_FIELDS:
            continue
        score = field_score(name, column)
        if score[0] >= THRESHOLD:
            scored.append((score, column))
    if not scored:
        return
    scored.sort(key=lambda sc: (sc[0][0], sc[0][1]), reverse=True)
    if name in MULTI_SOURCE:
        # A tool's own identity column (a login or invitation address) is more trustworthy than
        # a typed answer; a typed name is better than the tool's (often blank) one.
        answers = [c for _, c in scored if c.role != "metadata"]
        tool_columns = [c for _, c in scored if c.role == "metadata"]
        mapping.take(name, tool_columns + answers if name == "email" else answers + tool_columns)
        return
    mapping.take(name, _with_siblings(layout, name, scored[0][1]))


def _with_siblings(layout: Layout, name: str, column: SourceColumn) -> list[SourceColumn]:
    """The column plus, for life stages, the other option columns of an expanded multi-select."""
    if name != "life_stages" or not column.option:
        return [column]
    return [
        c
        for c in layout.columns
        if c.role == "answer" and c.option and c.question == column.question
    ]


def _match_other_text(layout: Layout, mapping: Mapping) -> None:
    """The 'Other (please specify)' text column belonging to the organisation question."""
    if "organisation_other" in mapping.sources:
        return
    _match_field(layout, "organisation_other", mapping)
    organisation = mapping.sources.get("organisation")
    if "organisation_other" in mapping.sources or not organisation:
        return
    for column in mapping.free(layout):
        same_question = similarity(column.question, organisation[0].question) >= THRESHOLD
        if column.role == "other_text" and same_question:
            mapping.take("organisation_other", [column])
            return


def _match_likert_stems(layout: Layout, mapping: Mapping) -> None:
    """Grid/matrix columns: a question stem about agreeing, one statement per column."""
    for column in mapping.free(layout):
        if (
            column.role == "answer"
            and column.option
            and _LIKERT_STEM.search(normalise(column.question))
        ):
            mapping.likert.append((clean_text(column.option) or column.header, column))
            mapping.used.add(column.index)


def _report_unmapped(layout: Layout, kind: str, mapping: Mapping, report: ParsedUpload) -> None:
    """An error, and the columns to choose from, for each required field left unmatched."""
    for name in (*REQUIRED[kind], *EXPECTED.get(kind, ())):
        if name in mapping.sources:
            continue
        if name == "email" and "external_ref" in mapping.sources:
            continue  # pilot participants can be matched on the external reference instead
        free = [c for c in mapping.free(layout) if c.role == "answer" or name in METADATA_FIELDS]
        ranked = sorted(free, key=lambda c: field_score(name, c), reverse=True)
        report.unmapped[name] = [c.header for c in ranked]
        example = ALIASES[name][1] if len(ALIASES[name]) > 1 else ALIASES[name][0]
        if name in REQUIRED[kind]:
            report.error(
                f"No column holding the {FIELD_LABELS[name]} was found (a question like "
                f"'{example}'). Choose the column that holds it, or check this is the right "
                "file and kind of upload."
            )
        else:
            report.warn(
                f"No column holding the {FIELD_LABELS[name]} was found (a question like "
                f"'{example}'), so those answers will be blank. If the form asked it, choose "
                "the column that holds it."
            )
