"""The Community of Practice figures worked out from the fixture files with json, csv and the
standard library only (no chatr code), as the issue defines them: the oracle of the tests."""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
import zipfile
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from tests.conftest import DATA, ROOT

ENGAGEMENT = ROOT / "tests" / "fixtures" / "engagement"
SLACK_ZIP = ENGAGEMENT / "ChATR Community of Practice Slack export Nov 20 2020 - Jun 30 2021.zip"
TEAMS_FEB = ENGAGEMENT / "meetingAttendanceReport(ChATR Show & Tell).csv"
TEAMS_MAY = ENGAGEMENT / "meetingAttendanceReport(ChATR Show & Tell) (1).csv"
ZOOM = ENGAGEMENT / "participants_85218486288.csv"
TEAMS_LEGACY = ENGAGEMENT / "meetingAttendanceList.csv"
EXPECTED = json.loads((ENGAGEMENT / "expected_engagement.json").read_text(encoding="utf-8"))


def export_files(data: bytes) -> dict[str, object]:
    """Every JSON file of a Slack export zip, parsed: name -> value."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: json.loads(archive.read(n)) for n in archive.namelist() if n.endswith(".json")}


def pilot_emails() -> set[str]:
    """The demo pilot's participants' e-mails, trimmed and case-folded."""
    with open(DATA / "pilot_perinatal_1.csv", newline="", encoding="utf-8") as handle:
        return {row["email"].strip().casefold() for row in csv.DictReader(handle)}


def perinatal_1_end() -> date:
    with open(DATA / "cohorts.csv", newline="", encoding="utf-8") as handle:
        row = next(
            r for r in csv.DictReader(handle)
            if r["life_stage"] == "Perinatal" and r["cohort_number"] == "1"
        )  # fmt: skip
    return date.fromisoformat(row["end_date"])


def counted_messages(files: dict[str, object]) -> list[dict]:
    """The messages that count: type message, no subtype or thread_broadcast, by a user of
    users.json, in a public channel's day file."""
    users = {u["id"] for u in files["users.json"]}
    channels = {c["name"] for c in files["channels.json"]}
    return [
        m
        for name, day in files.items()
        if "/" in name and name.split("/")[0] in channels
        for m in day
        if m.get("type") == "message"
        and m.get("subtype") in (None, "thread_broadcast")
        and m.get("user") in users
    ]


def community(files: dict[str, object]) -> dict:
    """The `community` figures of one export (its files as export_files gives them)."""
    users = {u["id"]: u for u in files["users.json"]}
    members = {
        i
        for i, u in users.items()
        if not u.get("deleted") and not u.get("is_bot") and i != "USLACKBOT"
    }
    counted = counted_messages(files)

    def utc(m: dict) -> datetime:
        return datetime.fromtimestamp(float(m["ts"]), UTC)

    by_month = Counter(utc(m).strftime("%Y-%m") for m in counted)
    active = defaultdict(set)
    for m in counted:
        if m["user"] in members:
            active[utc(m).strftime("%Y-%m")].add(m["user"])
    email_of = {(users[i]["profile"].get("email") or "").casefold(): i for i in members}
    pilot = pilot_emails()
    in_workspace = {email_of[e] for e in pilot if e in email_of}
    end = perinatal_1_end()
    active_after = {
        m["user"]
        for m in counted
        if m["user"] in in_workspace and end < utc(m).date() <= end + timedelta(days=90)
    }
    return {
        "members": len(members),
        "posting_members": len({m["user"] for m in counted} & members),
        "messages": len(counted),
        "replies": sum(1 for m in counted if m.get("thread_ts") and m["thread_ts"] != m["ts"]),
        "threads": sum(1 for m in counted if m.get("reply_count", 0) >= 1),
        "links_shared": sum(m["text"].count("<http") for m in counted),
        "messages_by_month": dict(sorted(by_month.items())),
        "active_members_by_month": {k: len(v) for k, v in sorted(active.items())},
        "cohorts": [
            {
                "cohort": "Perinatal #1",
                "cohort_end": end.isoformat(),
                "participants": len(pilot),
                "in_workspace": len(in_workspace),
                "active_within_90_days_after_end": len(active_after),
            }
        ],
    }


def _seconds(text: str) -> int:
    units = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([hms])", text))


def teams_attendance(path) -> Counter:
    """A current-layout Teams report's attendees (e-mail case-folded, else name): seconds."""
    text = path.read_bytes().decode("utf-16")
    activities = text.split("3. In-Meeting Activities")[1].strip().splitlines()
    seconds = Counter()
    for row in csv.DictReader(activities, delimiter="\t"):
        seconds[row["Email"].strip().casefold() or row["Name"].strip()] += _seconds(row["Duration"])
    return seconds


def teams_event(path) -> dict:
    """A current-layout Teams report's event, from its summary and In-Meeting Activities."""
    text = path.read_bytes().decode("utf-16")
    head = text.split("2. Participants")[0].splitlines()
    summary = dict(line.split("\t")[:2] for line in head if "\t" in line)
    started = datetime.strptime(summary["Start time"], "%d/%m/%Y, %H:%M:%S")
    return _event(summary["Meeting title"], started.date(), "teams", teams_attendance(path), 60)


def zoom_attendance(path) -> Counter:
    """A Zoom participants report's attendees (e-mail case-folded, else name): minutes."""
    blocks = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n\n")
    minutes = Counter()
    for row in csv.DictReader(blocks[1].splitlines()):
        key = row["User Email"].strip().casefold() or row["Name (Original Name)"].strip()
        minutes[key] += float(row["Duration (Minutes)"])
    return minutes


def zoom_event(path) -> dict:
    """A Zoom participants report's event: the meeting block, then the participants."""
    blocks = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n\n")
    meeting = next(csv.DictReader(blocks[0].splitlines()))
    started = datetime.strptime(meeting["Start Time"], "%m/%d/%Y %I:%M:%S %p")
    return _event(meeting["Topic"], started.date(), "zoom", zoom_attendance(path), 1)


def attendees_per_event() -> list[set[str]]:
    """Each loaded session's attendees (the three reports of the tests), as keys."""
    return [set(teams_attendance(TEAMS_FEB)), set(teams_attendance(TEAMS_MAY)),
            set(zoom_attendance(ZOOM))]  # fmt: skip


def _event(title: str, day: date, kind: str, totals: Counter, per_minute: int) -> dict:
    pilot = pilot_emails()
    return {
        "title": title,
        "date": day.isoformat(),
        "kind": kind,
        "attendees": len(totals),
        "minutes_median": round(statistics.median(v / per_minute for v in totals.values()), 2),
        "from_pilot": sum(1 for key in totals if key in pilot),
    }


# Baseline survey answers for some of the session attendees (the demo baseline has none of
# them), so attendance by organisation type and life stage has people to count: the first 16
# attendee e-mails, in order, with these answers (cells of 6, 5, 3 and 2: some under 5).
ATTENDEE_ORGANISATIONS = (
    ["East London NHS Foundation Trust"] * 6 + ["Local authority"] * 5
    + ["Voluntary/community sector"] * 3 + ["School"] * 2
)  # fmt: skip
ATTENDEE_LIFE_STAGES = (("Perinatal", "0-5"), ("0-5",), ("5-11",))  # in turn


def attendee_respondents() -> list[dict]:
    """The baseline answers given to attendees: email, life_stages (a tuple), organisation."""
    emails = sorted({k for people in attendees_per_event() for k in people if "@" in k})
    return [
        {"email": email, "organisation": organisation,
         "life_stages": ATTENDEE_LIFE_STAGES[i % len(ATTENDEE_LIFE_STAGES)]}
        for i, (email, organisation) in enumerate(zip(emails, ATTENDEE_ORGANISATIONS, strict=False))
    ]  # fmt: skip


def attendee_baseline_csv() -> bytes:
    """attendee_respondents as a baseline file in the dashboard's CSV template."""
    out = io.StringIO()
    columns = ["submitted_at", "email", "name", "team", "life_stages", "organisation",
               "organisation_other", "practice_use_score", "interest"]  # fmt: skip
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    for i, person in enumerate(attendee_respondents()):
        writer.writerow({
            "submitted_at": f"2021-06-{i + 1:02d} 10:00:00", "email": person["email"],
            "name": f"Attendee {i + 1}", "team": "", "life_stages": ";".join(person["life_stages"]),
            "organisation": person["organisation"], "organisation_other": "",
            "practice_use_score": str(i % 11), "interest": "Yes",
        })  # fmt: skip
    return out.getvalue().encode("utf-8")
