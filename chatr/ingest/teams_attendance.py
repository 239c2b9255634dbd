"""Microsoft Teams attendance reports: the current layout (UTF-16, tab-separated sections
`1. Summary`, `2. Participants`, `3. In-Meeting Activities`, one activity row per join) and the
older list of early 2021 (`Full Name`, `User Action`, `Timestamp`). Times are the organiser's
local clock: UK `10/02/2021, 14:00:12` or US `2/10/21, 2:00:12 PM`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from chatr.ingest.attendance_report import Attendance, Refused, Rows, by_header, cells, table

SECTIONS = ("summary", "participants", "in-meeting activities")
_SECTION = re.compile(r"\s*(\d)\.\s+(.+?)\s*")
_DURATION = re.compile(r"\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*", re.IGNORECASE)
_LEGACY_HEADER = ["full name", "user action", "timestamp"]


def layout_of(first_line: str) -> str | None:
    """'teams' or 'teams_legacy' when a report's first line is one of theirs, else None."""
    if section_name(first_line) == "summary":
        return "teams"
    if cells(first_line, "\t")[:3] == _LEGACY_HEADER:
        return "teams_legacy"
    return None


def read_teams(text: str) -> Attendance:
    """The current layout: minutes from In-Meeting Activities, one row per join."""
    sections = dict(_sections(text.splitlines()))
    summary = {row[0].casefold(): row[1] for _, row in sections.get("summary", []) if len(row) > 1}
    if "in-meeting activities" not in sections:
        raise Refused(_cut_short(sections))
    attendance = Attendance(
        "teams",
        "Microsoft Teams attendance report",
        summary.get("meeting title") or None,
        teams_time(summary.get("start time", ""), "Start time", None),
    )
    activities = sections["in-meeting activities"]
    header, rows = table(activities, ("name", "duration", "email"), "3. In-Meeting Activities")
    for line, row in rows:
        cell = by_header(header, row)
        attendance.join(cell["email"], cell["name"], _seconds(cell["duration"], line))
    return attendance


def read_teams_legacy(text: str) -> Attendance:
    """Full Name / User Action (Joined, Joined before, Left) / Timestamp: each join is paired
    with the person's next Left; one never closed lasts until the list's last time."""
    lines = enumerate(text.splitlines(), start=1)
    rows = [(number, cells(line, "\t", casefold=False)) for number, line in lines if line.strip()]
    short = next((n for n, row in rows[1:] if len(row) < 3), None)
    if short is not None:
        raise Refused(
            f"Row {short} of the Teams attendance list has fewer than its 3 columns (Full Name, "
            "User Action, Timestamp): the file was cut short. Download it again and upload that."
        )
    actions = [(n, r[0], r[1].casefold(), teams_time(r[2], "Timestamp", n)) for n, r in rows[1:]]
    if not actions:
        raise Refused("The Teams attendance list has a header but nobody in it.")
    start, end = min(a[3] for a in actions), max(a[3] for a in actions)
    attendance = Attendance("teams", "Microsoft Teams attendance list (older layout)", None, start)
    open_joins: dict[str, datetime] = {}
    for line, name, action, at in sorted(actions, key=lambda a: a[3]):
        if action.startswith("joined"):
            open_joins.setdefault(name, at)
        elif action == "left":
            since = open_joins.pop(name, start)  # in the meeting before the list began
            attendance.join("", name, int((at - since).total_seconds()))
        else:
            raise Refused(
                f"Row {line}, column User Action: '{action}' is not Joined or Left. Upload the "
                "list as Teams made it."
            )
    for name, since in open_joins.items():
        attendance.join("", name, int((end - since).total_seconds()))
    return attendance


def section_name(line: str) -> str | None:
    """'summary' for '1. Summary' and so on; None for any other line."""
    match = _SECTION.fullmatch(line.strip().strip("\t"))
    return match.group(2).casefold() if match else None


def teams_time(text: str, column: str, line: int | None) -> datetime:
    """A Teams time: UK '10/02/2021, 14:00:12' (day first) or US '2/10/21, 2:00:12 PM'."""
    text = text.strip().replace("\u202f", " ")
    us = text.upper().endswith(("AM", "PM"))
    formats = ("%m/%d/%y, %I:%M:%S %p", "%m/%d/%Y, %I:%M:%S %p") if us else (
        "%d/%m/%Y, %H:%M:%S", "%d/%m/%y, %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S"
    )  # fmt: skip
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    where = f"Row {line}, column {column}" if line else f"The summary's {column}"
    raise Refused(
        f"{where}: '{text}' is not a date and time like '10/02/2021, 14:00:12'. Upload the "
        "report as Teams made it."
    )


def _sections(lines: list[str]) -> Iterator[tuple[str, Rows]]:
    """(section name, its non-blank rows) for each numbered section."""
    name, rows = None, []
    for number, line in enumerate(lines, start=1):
        found = section_name(line)
        if found in SECTIONS:
            if name:
                yield name, rows
            name, rows = found, []
        elif name and line.strip():
            rows.append((number, cells(line, "\t", casefold=False)))
    if name:
        yield name, rows


def _cut_short(sections: dict) -> str:
    last = list(sections)[-1] if sections else None
    where = f" (it ends in the {last.capitalize()} section)" if last else ""
    return (
        "The Teams attendance report is incomplete: it has no '3. In-Meeting Activities' "
        f"section{where}, so it was cut short while downloading or saving. Download the "
        "attendance report again from the meeting (Attendance tab, Download) and upload that."
    )


def _seconds(text: str, line: int) -> int:
    match = _DURATION.fullmatch(text)
    if not text.strip() or not match:
        raise Refused(
            f"Row {line}, column Duration: '{text}' is not a duration like '58m 12s' or "
            "'1h 2m 3s'. Upload the report as Teams made it."
        )
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds
