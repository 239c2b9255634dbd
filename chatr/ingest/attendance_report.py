"""What an attendance report reader gives (one event and its people) and the text helpers the
Teams and Zoom readers share."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
Rows = list[tuple[int, list[str]]]  # (line number in the file, cells)


@dataclass
class Attendee:
    """One person at the event: every join summed."""

    attendee_key: str
    email: str | None
    display_name: str
    attended_seconds: int = 0
    n_joins: int = 0


@dataclass
class Attendance:
    """One attendance report: the event and its people, keyed by e-mail (trimmed,
    case-folded), or by the name cell when there is no e-mail (guests, phone dial-ins)."""

    kind: str  # "teams" or "zoom"
    layout: str
    meeting_title: str | None
    started_at: datetime | None
    attendees: dict[str, Attendee] = field(default_factory=dict)

    def join(self, email: str, name: str, seconds: int) -> None:
        """Add one join (a row of the report) to its person."""
        email, name = email.strip(), name.strip()
        key = email.casefold() if email else name
        person = self.attendees.setdefault(key, Attendee(key, email or None, name))
        person.attended_seconds += seconds
        person.n_joins += 1


class Refused(ValueError):
    """The report cannot be used; the message says what is wrong and what to do."""


def text_of(data: bytes) -> str:
    """The report as text: UTF-16 (Teams), UTF-8 with or without BOM, else Windows-1252."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def cells(line: str, delimiter: str, *, casefold: bool = True) -> list[str]:
    """A line split on the delimiter (the tools quote nothing here), cells trimmed."""
    found = [c.strip().strip('"').strip() for c in line.split(delimiter)]
    return [c.casefold() for c in found] if casefold else found


def csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each CSV record; blank lines give empty records."""
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        yield reader.line_num, row


def table(rows: Rows, needed: tuple[str, ...], where: str) -> tuple[list[str], Rows]:
    """A table's header (case-folded) and its data rows up to the first blank one; Refused if
    a needed column is missing or a row is cut short."""
    if not rows:
        raise Refused(f"The report's {where} is empty. Upload the report as it came.")
    header = [c.strip().casefold() for c in rows[0][1]]
    missing = [n for n in needed if n not in header]
    if missing:
        raise Refused(
            f"The report's {where} has no column {', '.join(missing)} (its columns: "
            f"{', '.join(rows[0][1])}). Upload the report as the meeting tool made it."
        )
    data = []
    for line, row in rows[1:]:
        if not any(c.strip() for c in row):
            break
        if len(row) < len(header) - 1:
            raise Refused(
                f"Row {line} of the report's {where} has {len(row)} of its {len(header)} "
                "columns: the file was cut short. Download it again and upload that."
            )
        data.append((line, row))
    return header, data


def by_header(header: list[str], row: list[str]) -> dict[str, str]:
    """A row as {header: cell}, missing trailing cells as ''."""
    return dict(zip(header, row + [""] * len(header), strict=False))
