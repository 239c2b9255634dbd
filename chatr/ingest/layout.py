"""What a detected layout says about each column of the file, independent of the tool."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["answer", "other_text", "metadata"]


@dataclass(frozen=True)
class SourceColumn:
    """One column of the upload: where it is, what the user sees, and what it answers."""

    index: int
    header: str  # as the user sees it (unique within the file); used in messages and overrides
    question: str  # the question text the column answers, used for matching
    option: str = ""  # sub-label: a multi-select option, a Likert statement or a contact field
    role: Role = "answer"


@dataclass(frozen=True)
class Exclusion:
    """Rows a tool exports that are not real responses (Qualtrics previews, unfinished)."""

    reason: str
    column: int
    values: tuple[str, ...]  # lower-cased cell values that mark the row as excluded


@dataclass
class Layout:
    """A recognised file layout: the tool, its header rows and the columns they describe."""

    tool: str
    description: str
    n_header_rows: int
    columns: list[SourceColumn]
    numeric_codes: bool = False  # Qualtrics numeric export: answers are recode numbers
    month_first: bool = False  # date order to assume when no day is over 12
    is_template: bool = False  # our own template CSV, whose columns are named by field
    exclusions: list[Exclusion] = field(default_factory=list)

    def headers(self) -> list[str]:
        """Every column's header in file order."""
        return [c.header for c in self.columns]


def header_text(value: str) -> str:
    """A header cell as displayed: entities decoded (SurveyMonkey xlsx writes &apos;), trimmed."""
    return " ".join(html.unescape(value or "").replace("\ufeff", "").split())


def unique_headers(headers: list[str]) -> list[str]:
    """Headers made unique by numbering repeats ('Response (2)'), so each names one column."""
    seen: dict[str, int] = {}
    unique = []
    for i, text in enumerate(headers):
        text = text or f"Column {i + 1}"
        seen[text] = seen.get(text, 0) + 1
        unique.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return unique


def pad(row: list[str], width: int) -> list[str]:
    """The row cut or padded with blanks to the given width."""
    return (row + [""] * width)[:width]
