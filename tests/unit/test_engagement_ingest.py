"""Reading Slack exports and Teams / Zoom attendance reports (chatr/ingest/engagement.py and
its readers): every layout, the rules of what counts, and bad files refused with one clear
message and nothing staged. Expected values come from engagement_oracle (json and csv only)."""

from __future__ import annotations

import io
import json
import statistics
import zipfile

import duckdb
import pytest

from chatr.ingest import engagement
from tests.unit.engagement_oracle import (
    ENGAGEMENT,
    SLACK_ZIP,
    TEAMS_FEB,
    TEAMS_LEGACY,
    TEAMS_MAY,
    ZOOM,
    export_files,
    teams_event,
    zoom_event,
)


def _parse(data: bytes, kind: str, name: str = "upload", **kwargs):
    con = duckdb.connect()
    return engagement.parse_engagement(con, data, name, kind, **kwargs), con


def _rows(con, table: str) -> list[dict]:
    """The staged rows as Python values (dates stay dates)."""
    cursor = con.execute(f"select * from {table}")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _rezip(files: dict[str, object], prefix: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, value in files.items():
            zipped.writestr(prefix + name, json.dumps(value))
    return out.getvalue()


def test_the_slack_export_is_staged_with_each_message_classified_as_the_issue_says():
    files = export_files(SLACK_ZIP.read_bytes())
    parsed, con = _parse(SLACK_ZIP.read_bytes(), "community")
    assert parsed.ok and parsed.tool == "slack", parsed.problems
    day_files = [n for n in files if "/" in n]
    all_messages = [m for n in day_files for m in files[n]]
    staged = {(r["channel_id"], r["ts"]): r for r in _rows(con, "staged_slack_message")}
    assert len(staged) == len(all_messages) == parsed.n_rows_staged
    users = {u["id"] for u in files["users.json"]}
    by_subtype = {}
    for message in all_messages:
        by_subtype.setdefault(message.get("subtype"), []).append(message)
    counted = {r["ts"] for r in staged.values() if r["is_counted"]}
    # joins, topic and purpose changes and bot posts never count; broadcasts count once
    for subtype in ("channel_join", "channel_purpose", "channel_topic", "bot_message"):
        assert by_subtype[subtype] and not {m["ts"] for m in by_subtype[subtype]} & counted
    assert {m["ts"] for m in by_subtype["thread_broadcast"]} <= counted
    outside = [m for m in by_subtype[None] if m["user"] not in users]
    assert len(outside) == 1 and outside[0]["ts"] not in counted
    assert any("not in users.json" in w.message for w in parsed.warnings)
    deleted = {u["id"] for u in files["users.json"] if u.get("deleted")}
    assert {m["ts"] for m in by_subtype[None] if m["user"] in deleted} <= counted
    members = {r["user_id"]: r["is_member"] for r in _rows(con, "staged_slack_member")}
    assert not members["USLACKBOT"] and sum(members.values()) == 36


def test_links_are_told_apart_by_host():
    parsed, con = _parse(SLACK_ZIP.read_bytes(), "community")
    rows = _rows(con, "staged_slack_message")
    assert all(
        len(r["link_hosts"]) == r["n_links"] == r["message_text"].count("<http") for r in rows
    )
    hosts = {h for r in rows for h in r["link_hosts"]}
    assert "resource-portal.example" in hosts and "www.youtube.com" in hosts


def test_an_export_zipped_again_inside_a_folder_and_with_numeric_ts_reads_the_same():
    files = export_files(SLACK_ZIP.read_bytes())
    first_day = next(n for n in files if n.startswith("general/"))
    for message in files[first_day]:
        message["ts"] = float(message["ts"])  # older exports wrote numbers
    files["groups/2021-01-01.json"] = [{"type": "message", "user": "U1", "ts": "1.000001"}]
    parsed, con = _parse(_rezip(files, "My export/"), "community")
    original, con_original = _parse(SLACK_ZIP.read_bytes(), "community")
    assert parsed.ok, parsed.problems
    keys = "select channel_id, ts, is_counted from staged_slack_message order by all"
    assert con.execute(keys).fetchall() == con_original.execute(keys).fetchall()
    assert any("not public channels" in w.message for w in parsed.warnings)


@pytest.mark.parametrize("path", [TEAMS_FEB, TEAMS_MAY])
def test_teams_reports_give_the_events_attendees_and_minutes(path):
    parsed, con = _parse(path.read_bytes(), "attendance", path.name)
    assert parsed.ok and parsed.tool == "teams", parsed.problems
    expected = teams_event(path)
    (event,) = _rows(con, "staged_attendance_event")
    assert (event["title"], event["event_date"].isoformat()) == (
        expected["title"],
        expected["date"],
    )
    people = _rows(con, "staged_attendee")
    assert len(people) == expected["attendees"] == parsed.n_rows_staged
    median = statistics.median(p["attended_seconds"] / 60 for p in people)
    assert round(median, 2) == expected["minutes_median"]
    rejoined = [p for p in people if p["n_joins"] > 1]
    assert len(rejoined) == 1 and rejoined[0]["attendee_key"].endswith(
        "@hackney.gov.example" if path == TEAMS_FEB else "@nhs.example"
    )
    guest = next(p for p in people if p["email"] is None)
    assert guest["attendee_key"] == guest["display_name"] and "(Guest)" in guest["display_name"]


def test_teams_headers_in_another_case_and_us_dates_read_the_same():
    text = TEAMS_FEB.read_bytes().decode("utf-16")
    variant = text.replace("In-Meeting Duration", "In-meeting duration").replace(
        "Join Time", "Join time"
    )
    variant = variant.replace("Duration\tEmail", "duration\temail")
    variant = variant.replace("Start time\t10/02/2021, 14:00:06", "Start time\t2/10/21, 2:00:06 PM")
    parsed, con = _parse(variant.encode("utf-16"), "attendance")
    assert parsed.ok, parsed.problems
    (event,) = _rows(con, "staged_attendance_event")
    assert event["event_date"].isoformat() == "2021-02-10" and event["n_attendees"] == 15


def test_zoom_report_sums_rejoins_and_keys_dial_ins_by_name():
    parsed, con = _parse(ZOOM.read_bytes(), "attendance", ZOOM.name)
    assert parsed.ok and parsed.tool == "zoom", parsed.problems
    expected = zoom_event(ZOOM)
    people = {p["attendee_key"]: p for p in _rows(con, "staged_attendee")}
    assert len(people) == expected["attendees"]
    assert people["aisha.kowalski@newham.gov.example"]["attended_seconds"] == (21 + 68) * 60
    assert people["+44 20 7946 0171"]["email"] is None
    (event,) = _rows(con, "staged_attendance_event")
    assert (
        event["title"] == expected["title"] and event["event_date"].isoformat() == expected["date"]
    )


def test_the_older_teams_list_pairs_joins_and_leaves_and_needs_a_title():
    data = TEAMS_LEGACY.read_bytes()
    untitled, _ = _parse(data, "attendance")
    assert not untitled.ok and "--event" in untitled.errors[0].message
    parsed, con = _parse(data, "attendance", event_title="Show & Tell Jan 2021")
    assert parsed.ok and parsed.tool == "teams", parsed.problems
    minutes = {p["attendee_key"]: p["attended_seconds"] / 60 for p in _rows(con, "staged_attendee")}
    # worked out by hand in tests/fixtures/engagement/README.md
    assert minutes == {
        "Dominic Francis": 60, "Leanne Brooks": 45, "Aimee Stokes": 45, "Farah Ellis": 30,
        "Kirsty Green (Guest)": 48,
    }  # fmt: skip
    (event,) = _rows(con, "staged_attendance_event")
    assert (
        event["title"] == "Show & Tell Jan 2021" and event["event_date"].isoformat() == "2021-01-13"
    )


def test_a_given_event_title_replaces_the_meetings_own():
    parsed, con = _parse(TEAMS_FEB.read_bytes(), "attendance", event_title=" Show & Tell Feb 2021 ")
    (event,) = _rows(con, "staged_attendance_event")
    assert (event["title"], event["meeting_title"]) == ("Show & Tell Feb 2021", "ChATR Show & Tell")


BAD = ENGAGEMENT / "bad"


@pytest.mark.parametrize(
    ("path", "kind", "words"),
    [
        (BAD / "not_a_zip.zip", "community", "not a zip"),
        (BAD / "slack_no_users.zip", "community", "no users.json"),
        (BAD / "teams_truncated.csv", "attendance", "no '3. In-Meeting Activities'"),
        (BAD / "empty.csv", "attendance", "empty"),
        (BAD / "empty.csv", "community", "empty"),
        (ZOOM, "community", "attendance report (kind 'attendance')"),
        (SLACK_ZIP, "attendance", "Slack workspace export (kind 'community')"),
        (ENGAGEMENT / "README.md", "attendance", "not a Teams or Zoom attendance report"),
    ],
)
def test_bad_files_get_one_clear_error_and_nothing_staged(path, kind, words):
    parsed, con = _parse(path.read_bytes(), kind, path.name)
    assert len(parsed.errors) == 1, parsed.problems
    assert words in parsed.errors[0].message
    assert parsed.staged == {}
    staged = con.execute("select count(*) from duckdb_tables() where temporary").fetchall()
    assert staged == [(0,)]


def test_a_damaged_day_file_is_named():
    files = export_files(SLACK_ZIP.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for name, value in files.items():
            zipped.writestr(name, json.dumps(value) if name != "general/2020-12-08.json" else "[{")
    parsed, _ = _parse(out.getvalue(), "community")
    assert len(parsed.errors) == 1
    assert (
        "general/2020-12-08.json" in parsed.errors[0].message
        and "not valid JSON" in parsed.errors[0].message
    )


@pytest.mark.parametrize(
    ("path", "kind"), [(SLACK_ZIP, "community"), (TEAMS_FEB, "attendance"), (ZOOM, "attendance")]
)
def test_the_kind_is_detected_from_the_content(path, kind):
    assert engagement.detect_kind(path.read_bytes()) == kind
