"""Write data/baseline_wave2.csv: a synthetic follow-up of the demo's system survey a year on.

Clearly made up (not the programme's figures): the survey run again in November 2021. About 60%
of the wave-1 respondents answer again with the same e-mail, life stages and organisation, their
0-10 use moved mostly up by 0 to 2 points and a few down by 1; new people make up the rest,
built from a wave-1 respondent's team and organisation under a new name. Deterministic (a fixed
seed), so running it again writes the same file:

    python data/make_baseline_wave2.py
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent
SEED = 2021
SHARE_AGAIN = 0.6
NEW_PEOPLE = 38
# Score moves of returning people: mostly 0 to +2, a few -1 (weights out of 20).
MOVES = (-1, 0, 1, 2)
MOVE_WEIGHTS = (3, 6, 7, 4)
FIRST_DAY = datetime(2021, 11, 1, 8, 30)
DAYS_OPEN = 26

FIRST_NAMES = [
    "Aisha",
    "Bea",
    "Ciaran",
    "Dalia",
    "Eamon",
    "Fern",
    "Gus",
    "Hana",
    "Idris",
    "Jess",
    "Kofi",
    "Lena",
    "Mabel",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Xena",
    "Yusuf",
    "Zara",
    "Alfie",
    "Bronwen",
    "Cyrus",
    "Della",
]
LAST_NAMES = [
    "Abbott",
    "Begum",
    "Chowdhury",
    "Doyle",
    "Ellis",
    "Fofana",
    "Grant",
    "Hussain",
    "Ibe",
    "Joshi",
    "Kaur",
    "Lowe",
    "Mensah",
    "Novak",
    "Okafor",
    "Patel",
    "Quaye",
    "Reid",
    "Shah",
    "Thorne",
    "Uddin",
    "Vance",
    "Walsh",
    "Yeo",
    "Zaman",
]


def main() -> None:
    rng = random.Random(SEED)
    with open(DATA / "baseline.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames
        rows_read = sorted(reader, key=lambda row: row["submitted_at"])
    # One row per person (e-mail trimmed, case-folded, the latest kept), as chatr loads them.
    wave1 = list({row["email"].strip().lower(): row for row in rows_read}.values())
    again = rng.sample(wave1, round(SHARE_AGAIN * len(wave1)))
    rows = [_returning(person, rng) for person in again]
    taken = {row["email"].strip().lower() for row in wave1}
    rows += [_new_person(rng.choice(wave1), rng, taken) for _ in range(NEW_PEOPLE)]
    for row in rows:
        moment = FIRST_DAY + timedelta(minutes=rng.randrange(DAYS_OPEN * 24 * 60))
        row["submitted_at"] = moment.strftime("%Y-%m-%d %H:%M:%S")
    rows.sort(key=lambda row: row["submitted_at"])
    with open(DATA / "baseline_wave2.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _returning(person: dict, rng: random.Random) -> dict:
    """The same person a year on: same details, score moved, interest sometimes firmer."""
    row = dict(person)
    if row["practice_use_score"]:
        moved = int(row["practice_use_score"]) + rng.choices(MOVES, MOVE_WEIGHTS)[0]
        row["practice_use_score"] = str(min(10, max(0, moved)))
    if row["interest"] == "Maybe" and rng.random() < 0.3:
        row["interest"] = "Yes"
    return row


def _new_person(model: dict, rng: random.Random, taken: set[str]) -> dict:
    """A new respondent in a wave-1 respondent's team and organisation, under a new name."""
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = model["email"].split("@")[1]
        email = f"{first}.{last}@{domain}".lower()
        if email not in taken:
            taken.add(email)
            break
    score = int(model["practice_use_score"] or 5) + rng.choice((0, 0, 1))
    return {
        **model,
        "email": email,
        "name": f"{first} {last}",
        "practice_use_score": str(min(10, score)),
        "interest": rng.choice(("Yes", "Yes", "Maybe", "No")),
    }


if __name__ == "__main__":
    main()
