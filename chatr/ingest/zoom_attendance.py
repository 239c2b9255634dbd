"""Zoom participants reports: a meeting block (`Meeting ID, Topic, Start Time, ...`), a blank
line, then one row per join (`Name (Original Name), User Email, Join Time, Leave Time,
Duration (Minutes), ...`; newer accounts write lower-case headers). Times are month first."""

from __future__ import annotations

import csv
import re
from datetime import datetime

from chatr.ingest.attendance_report import Attendance, Refused, by_header, csv_records, table

_MINUTES = re.compile(r"\d+(\.\d+)?")


def is_zoom(first_line: str) -> bool:
    """Whether a report's first line is a Zoom report's (meeting block or participants)."""
    header = [c.strip().casefold() for c in next(csv.reader([first_line]), [])]
    return ("meeting id" in header and "topic" in header) or is_people_header(header)


def is_people_header(header: list[str]) -> bool:
    """Whether a (case-folded) header row heads the participants table."""
    return any(c.startswith("name") for c in header) and "duration (minutes)" in header


def read_zoom(text: str) -> Attendance:
    """The meeting and its people: every join's Duration (Minutes) summed per person."""
    records = list(csv_records(text))
    meeting, people_at = {}, None
    for index, (_, row) in enumerate(records):
        header = [c.strip().casefold() for c in row]
        if "meeting id" in header and "topic" in header and index + 1 < len(records):
            meeting = by_header(header, records[index + 1][1])
        elif is_people_header(header):
            people_at = index
            break
    if people_at is None:
        raise Refused(
            "The Zoom report has no participants table (a header with 'Name (Original Name)', "
            "'User Email' and 'Duration (Minutes)'). Export the participants report with "
            "'Export with meeting data' and upload it as it came."
        )
    started = zoom_time(meeting.get("start time", ""), None)
    attendance = Attendance("zoom", "Zoom participants report", meeting.get("topic"), started)
    header, rows = table(records[people_at:], ("duration (minutes)",), "participants table")
    name_column = next(c for c in header if c.startswith("name"))
    email_column = next((c for c in header if "email" in c), "")
    for line, row in rows:
        cell = by_header(header, row)
        minutes = cell["duration (minutes)"].strip()
        if not _MINUTES.fullmatch(minutes):
            raise Refused(
                f"Row {line}, column Duration (Minutes): '{minutes}' is not a number of "
                "minutes. Upload the report as Zoom made it."
            )
        attendance.join(cell.get(email_column, ""), cell[name_column], round(float(minutes) * 60))
    if attendance.started_at is None:  # exported without the meeting block
        joins = [zoom_time(by_header(header, row).get("join time", ""), n) for n, row in rows]
        attendance.started_at = min((j for j in joins if j), default=None)
    return attendance


def zoom_time(text: str, line: int | None) -> datetime | None:
    """A Zoom time: '03/17/2021 12:30:04 PM' (month first), or 24-hour; None if blank."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    where = f"Row {line}, column Join Time" if line else "The meeting's Start Time"
    raise Refused(
        f"{where}: '{text}' is not a date and time like '03/17/2021 12:30:04 PM'. Upload the "
        "report as Zoom made it."
    )
