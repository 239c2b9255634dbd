"""Community of Practice uploads, read and staged for chatr.upload like any survey export: a
Slack workspace export (kind `community`) or a Teams / Zoom attendance report (`attendance`).

`parse_engagement` leaves its rows in temp tables of the connection it is given (named in
STAGED_TABLES) and says what is wrong in a ParsedUpload; loading them is chatr.upload's job.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

import duckdb
import pyarrow as pa

from chatr.ingest import attendance, slack_export
from chatr.ingest.parse import DEFAULT_MAX_BYTES
from chatr.ingest.validation import ParsedUpload

log = logging.getLogger(__name__)

KIND_NAMES = {
    "community": "a Slack workspace export (kind 'community')",
    "attendance": "a Teams or Zoom attendance report (kind 'attendance')",
}
# Temp table -> the database table its rows go to, in the order the preview picks them.
STAGED = {
    "staged_slack_export": "slack_export",
    "staged_slack_channel": "slack_export_channel",
    "staged_slack_member": "slack_export_member",
    "staged_slack_message": "slack_export_message",
    "staged_attendance_event": "attendance_event",
    "staged_attendee": "attendee",
}
STAGED_TABLES = tuple(STAGED)
_ZIP_MAGIC = b"PK\x03\x04"
# Nothing but byte-order marks, NULs and white space (a match stops at the first other byte).
_BLANK = re.compile(rb"[\xef\xbb\xbf\xff\xfe\x00 \t\r\n]*\Z")
_TIME = pa.timestamp("us")
_SCHEMAS = {
    "staged_slack_export": pa.schema([
        ("workspace_id", pa.string()), ("n_channels", pa.int32()), ("n_users", pa.int32()),
        ("n_members", pa.int32()), ("n_messages_counted", pa.int32()),
        ("first_message_at", _TIME), ("last_message_at", _TIME),
    ]),
    "staged_slack_channel": pa.schema([
        ("channel_id", pa.string()), ("channel_name", pa.string()), ("created_at", _TIME),
        ("is_archived", pa.bool_()), ("is_general", pa.bool_()),
        ("n_channel_members", pa.int32()),
    ]),
    "staged_slack_member": pa.schema([
        ("user_id", pa.string()), ("username", pa.string()), ("real_name", pa.string()),
        ("display_name", pa.string()), ("email", pa.string()), ("is_deleted", pa.bool_()),
        ("is_bot", pa.bool_()), ("is_guest", pa.bool_()), ("is_member", pa.bool_()),
    ]),
    "staged_slack_message": pa.schema([
        ("channel_id", pa.string()), ("ts", pa.string()), ("thread_ts", pa.string()),
        ("is_reply", pa.bool_()), ("user_id", pa.string()), ("posted_at", _TIME),
        ("subtype", pa.string()), ("reply_count", pa.int32()), ("n_links", pa.int32()),
        ("link_hosts", pa.list_(pa.string())), ("is_counted", pa.bool_()),
        ("message_text", pa.string()),
    ]),
    "staged_attendance_event": pa.schema([
        ("kind", pa.string()), ("title", pa.string()), ("meeting_title", pa.string()),
        ("started_at", _TIME), ("event_date", pa.date32()), ("n_attendees", pa.int32()),
    ]),
    "staged_attendee": pa.schema([
        ("attendee_key", pa.string()), ("email", pa.string()), ("display_name", pa.string()),
        ("attended_seconds", pa.int64()), ("n_joins", pa.int32()),
    ]),
}  # fmt: skip


def detect_kind(data: bytes) -> str | None:
    """'community' for a Slack export, 'attendance' for a Teams or Zoom attendance report,
    None for anything else (a survey export): read from the content, never the file name."""
    if data.startswith(_ZIP_MAGIC):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()  # the directory only
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        return "community" if slack_export.looks_like_slack_export(names) else None
    return "attendance" if attendance.detect(data[:65536]) else None


def wrong_kind(data: bytes, kind: str) -> str | None:
    """What to tell a person who chose `kind` for a file that is clearly another engagement
    kind, or None."""
    found = detect_kind(data)
    if found is None or found == kind:
        return None
    return (
        f"This file is {KIND_NAMES[found]}, not what was chosen: choose that kind and upload "
        "it again."
    )


def parse_engagement(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    kind: str,
    *,
    event_title: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedUpload:
    """Read and check a Slack export or attendance report; stage its rows in temp tables."""
    if kind not in KIND_NAMES:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KIND_NAMES)}")
    report = ParsedUpload(kind=kind)
    _drop(con)
    try:
        if _readable(data, kind, max_bytes, report):
            stage = _stage_slack if kind == "community" else _stage_attendance
            stage(con, data, report, event_title)
    except Exception as exc:  # a file must never surface as a traceback; keep it in the log
        log.exception("parsing %s as %s failed", file_name, kind)
        report.error(
            "The file could not be processed because of an unexpected problem "
            f"({type(exc).__name__}). Check it is the export as the tool made it; if it is, "
            "send it to the dashboard's maintainer."
        )
    if not report.ok:
        _drop(con)
        report.staged = {}
    return report


def _readable(data: bytes, kind: str, max_bytes: int, report: ParsedUpload) -> bool:
    """False (with an error) for an empty, oversized or wrong-kind file."""
    if _BLANK.match(data):
        report.error("The file is empty. Download it again and upload that file.")
    elif len(data) > max_bytes:
        report.error(
            f"The file is {len(data) / 1024**2:.1f} MB, over the {max_bytes / 1024**2:.0f} MB "
            "limit. Export a shorter period, or ask an admin to raise the limit."
        )
    elif message := wrong_kind(data, kind):
        report.error(message)
    elif kind == "community" and not data.startswith(_ZIP_MAGIC):
        report.error(
            "This is not a Slack export: Slack exports are .zip files, and this file is not a "
            "zip. Download the export from Slack (Workspace settings, Import/Export data) and "
            "upload the .zip as it came, without unzipping it."
        )
    elif kind == "attendance" and data.startswith(_ZIP_MAGIC):
        report.error(
            "This is a zip file, not an attendance report. Upload the report's .csv file as "
            "Teams or Zoom made it (unzip it first if it came zipped)."
        )
    return report.ok


def _stage_slack(con, data: bytes, report: ParsedUpload, _event_title: str | None) -> None:
    export = slack_export.read_slack_export(data, report)
    if export is None or not report.ok:
        return
    summary = export.summary()
    _stage(con, "staged_slack_export", [summary], report)
    _stage(con, "staged_slack_channel", export.channels, report)
    _stage(con, "staged_slack_member", export.members, report)
    _stage(con, "staged_slack_message", export.messages, report)
    report.tool = "slack"
    report.n_rows_in_file = report.n_rows_staged = len(export.messages)
    period = ""
    if summary["first_message_at"]:
        period = (
            f", {summary['first_message_at']:%d %b %Y} to {summary['last_message_at']:%d %b %Y}"
        )
    report.layout = (
        f"Slack workspace export: {summary['n_channels']} public channels, "
        f"{summary['n_members']} members, {summary['n_messages_counted']} of "
        f"{len(export.messages)} messages counted{period}"
    )


def _stage_attendance(con, data: bytes, report: ParsedUpload, event_title: str | None) -> None:
    found = attendance.read_attendance(data, report)
    if found is None:
        return
    title = (event_title or "").strip() or found.meeting_title
    if not title:
        report.error(
            "This report does not name the meeting: give the event's title (on the command "
            'line: --event "Show & Tell Feb 2021").'
        )
        return
    people = [vars(person) for person in found.attendees.values()]
    event = {
        "kind": found.kind,
        "title": title,
        "meeting_title": found.meeting_title or title,
        "started_at": found.started_at,
        "event_date": found.started_at.date() if found.started_at else None,
        "n_attendees": len(people),
    }
    _stage(con, "staged_attendance_event", [event], report)
    _stage(con, "staged_attendee", people, report)
    report.tool = found.kind
    report.n_rows_in_file = sum(p["n_joins"] for p in people)
    report.n_rows_staged = len(people)
    when = f" on {found.started_at:%d %b %Y}" if found.started_at else ""
    report.layout = f"{found.layout}: '{title}'{when}, {len(people)} attendees"


def _stage(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], report) -> None:
    """Create the temp table from rows (columns as its schema says) and record it as staged."""
    schema = _SCHEMAS[table]
    arrow = pa.Table.from_pylist([{k: row.get(k) for k in schema.names} for row in rows], schema)
    con.register("engagement_rows", arrow)
    try:
        # `table` is a key of _SCHEMAS (looked up above).
        con.execute(f"create or replace temp table {table} as select * from engagement_rows")  # noqa: S608
    finally:
        con.unregister("engagement_rows")
    report.staged[STAGED[table]] = table


def _drop(con: duckdb.DuckDBPyConnection) -> None:
    for table in STAGED_TABLES:
        con.execute(f"drop table if exists temp.{table}")
