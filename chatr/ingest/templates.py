"""The template CSV of each upload kind, as users download it from the Upload page."""

from __future__ import annotations

import csv
import io

from chatr.ingest.fields import PROGRAMME_COLUMNS
from chatr.ingest.validation import FOLLOWUP_KIND, KINDS, STATEMENT_KINDS

_BASELINE = (
    "submitted_at", "email", "name", "team", "life_stages", "organisation",
    "organisation_other", "practice_use_score", "interest",
)  # fmt: skip
_PILOT = (
    "wave", "submitted_at", "email", "name", "team", "organisation", "organisation_other",
    "practice_use_score",
)  # fmt: skip
# Likert statements are columns headed by the statement text; one shows where they go.
_EXAMPLE_STATEMENT = "The programme enabled better working practices across different sectors."
_FEEDBACK = ("feedback_quote", "feedback_improve", "feedback_hope")


def template_columns(kind: str) -> tuple[str, ...]:
    """The header of the kind's template CSV."""
    if kind == "baseline":
        return _BASELINE
    if kind in STATEMENT_KINDS:
        return (*_PILOT, _EXAMPLE_STATEMENT, *_FEEDBACK)
    if kind == FOLLOWUP_KIND:  # the same 0-10 question only; no wave column
        return _PILOT[1:]
    if kind in PROGRAMME_COLUMNS:
        return PROGRAMME_COLUMNS[kind]
    raise ValueError(f"unknown upload kind {kind!r}; expected one of {', '.join(KINDS)}")


def template_csv(kind: str) -> str:
    """The kind's template CSV: the header row only, so no example row is ever loaded by mistake."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(template_columns(kind))
    return out.getvalue()
