"""Read a meeting attendance report into one event and its attendees, whichever tool made it:
Microsoft Teams (the current three-section report, or the older single-table list;
chatr/ingest/teams_attendance.py) or Zoom (the participants report;
chatr/ingest/zoom_attendance.py). Detected from the content, never the file name.

People are keyed by their e-mail (trimmed, case-folded), or by the name cell when there is no
e-mail (guests, phone dial-ins); the time of every join of a person is summed. Times are the
organiser's local clock, as the tools write them; the event's date is the meeting's start date.
"""

from __future__ import annotations

from chatr.ingest.attendance_report import Attendance, Refused, text_of
from chatr.ingest.teams_attendance import layout_of, read_teams, read_teams_legacy
from chatr.ingest.validation import ParsedUpload
from chatr.ingest.zoom_attendance import is_zoom, read_zoom

_READERS = {"teams": read_teams, "teams_legacy": read_teams_legacy, "zoom": read_zoom}


def detect(data: bytes) -> str | None:
    """'teams', 'teams_legacy' or 'zoom' when the bytes are such a report, else None."""
    first = _first_line(text_of(data[:8192]))  # the beginning is enough
    return layout_of(first) or ("zoom" if is_zoom(first) else None)


def read_attendance(data: bytes, report: ParsedUpload) -> Attendance | None:
    """The report's event and attendees; None (with errors in the report) if unusable."""
    layout = detect(data)
    if layout is None:
        report.error(
            "This is not a Teams or Zoom attendance report (its first line is "
            f"'{_first_line(text_of(data[:8192]))[:60]}'). Download the attendance report "
            "from the Teams meeting, or the participants report from Zoom (Reports, Usage), "
            "and upload the file as it came."
        )
        return None
    try:
        attendance = _READERS[layout](text_of(data))
    except Refused as refused:
        report.error(str(refused))
        return None
    if not attendance.attendees:
        report.error("The report lists no one who attended. Check it is the right meeting.")
        return None
    return attendance


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")
