"""Synthetic baseline survey exports, laid out exactly as the survey tools write them.

Google Forms CSV: every field quoted, ticked boxes joined with ';', timestamps like
"2023/10/02 8:30:07 AM GMT+1" (as tests/fixtures/google_forms/System baseline survey.csv).
Microsoft Forms XLSX: sheet Form1, ID / Start time / Completion time / Email / Name / Last
modified time, then the questions (as tests/fixtures/microsoft_forms/, "(1-101).xlsx").
The answers are drawn with a fixed seed, so a size always gives the same file.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

QUESTIONS = (
    "Team/service",
    "What life stage(s) do you work in?",
    "What type of organisation do you work for?",
    "To what extent is ACEs, trauma-informed care, or resilience used as part of your practice?",
    "Would you be interested in joining a development programme on Childhood Adversity, Trauma "
    "and Resilience in the future?",
)
GOOGLE_HEADER = ("Timestamp", "Email address", "Name", *QUESTIONS)
MICROSOFT_HEADER = (
    *("ID", "Start time", "Completion time", "Email", "Name", "Last modified time"),
    *("Name2", "Email2", *QUESTIONS),
)
STAGES = ("Perinatal", "0-5", "5-11", "11-19", "19-25")
# The organisation options as Google writes them (curly apostrophes), then typed "Other" texts.
ORGANISATIONS = (
    "East London NHS Foundation Trust",
    "Children\u2019s Centre",
    "Local authority",
    "Voluntary/community sector",
    "Hospital",
    "Children\u2019s Centre attached to a school",
    "School",
    "GP practice",
)
OTHER_TEXTS = tuple(
    f"{kind} {i}"
    for kind in ("Private day nursery", "Independent midwife", "Youth offending team")
    for i in range(1, 21)
)
TEAMS = tuple(
    f"{team} ({area})"
    for team in ("Health Visiting", "School Nursing", "Family support", "Early Help", "CAMHS")
    for area in ("Tower Hamlets", "Newham", "Hackney", "City", "Waltham Forest", "Redbridge")
)
FIRST = ("Rebecca", "Owen", "Harriet", "Nicole", "Cameron", "Leanne", "Yvonne", "Priya", "Sam")
LAST = ("Smith", "Horton", "Young", "Robinson", "Andrews", "Brooks", "Flynn", "Patel", "Okafor")
DOMAINS = ("nhs.example", "newham.gov.example", "school.sch.example", "charity.example")
START = datetime(2023, 10, 2, 8, 0, 0)
SECONDS_APART = 17  # a million responses span about half a year
DUPLICATE_EVERY = 50  # every 50th response is the previous person's second submission


def _person(i: int) -> tuple[str, str]:
    """(name, e-mail) of the person on row i; every DUPLICATE_EVERY-th row repeats the last."""
    if i and i % DUPLICATE_EVERY == 0:
        i -= 1
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    return f"{first} {last}", f"{first.lower()}.{last.lower()}{i}@{DOMAINS[i % len(DOMAINS)]}"


def n_people(n_rows: int) -> int:
    """How many distinct people n_rows rows hold (what a load keeps after merging)."""
    return n_rows - (n_rows - 1) // DUPLICATE_EVERY


def _answers(rng: random.Random) -> tuple[str, str, str, str, str]:
    """(team, life stages joined by ';', organisation, 0-10 score, interest)."""
    stages = ";".join(s for s in STAGES if rng.random() < 0.35) or rng.choice(STAGES)
    org = rng.choice(OTHER_TEXTS) if rng.random() < 0.05 else rng.choice(ORGANISATIONS)
    score = "" if rng.random() < 0.02 else str(min(10, max(0, round(rng.gauss(5.5, 2)))))
    interest = rng.choices(("Yes", "Maybe", "No", ""), (55, 34, 10, 1))[0]
    return rng.choice(TEAMS), stages, org, score, interest


def _google_time(when: datetime) -> str:
    """'2023/10/02 8:30:07 AM GMT+1': no leading zero on the hour, GMT+1 in summer time."""
    zone = "GMT+1" if 4 <= when.month <= 10 else "GMT"
    hour = when.hour % 12 or 12
    half = "AM" if when.hour < 12 else "PM"
    return f"{when:%Y/%m/%d} {hour}:{when:%M:%S} {half} {zone}"


def google_csv(path: Path, n_rows: int, seed: int = 8) -> Path:
    """Write a Google Forms responses download of n_rows responses; the path."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(f'"{h}"' for h in GOOGLE_HEADER) + "\n")
        lines = []
        for i in range(n_rows):
            name, email = _person(i)
            when = START + timedelta(seconds=i * SECONDS_APART)
            fields = (_google_time(when), email, name, *_answers(rng))
            lines.append('"' + '","'.join(fields) + '"\n')
            if len(lines) == 10_000:
                out.writelines(lines)
                lines.clear()
        out.writelines(lines)
    return path


def microsoft_xlsx(path: Path, n_rows: int, seed: int = 8) -> Path:
    """Write a Microsoft Forms "Open results in Excel" workbook of n_rows responses; the path."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Form1")
    sheet.append(MICROSOFT_HEADER)
    for i in range(n_rows):
        name, email = _person(i)
        done = START + timedelta(seconds=i * SECONDS_APART)
        team, stages, org, score, interest = _answers(rng)
        sheet.append(
            [
                *(i + 1, done - timedelta(minutes=3), done, "anonymous", None, None),
                *(name, email, team, stages + ";", org, int(score) if score else None),
                interest or None,
            ]
        )
    book.save(path)
    return path
