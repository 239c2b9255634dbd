"""One fixture builder for every test layer: a real DuckDB file on disk loaded with the demo data,
and the demo CSVs read independently (csv module, no chatr code) to check figures against."""

from __future__ import annotations

import csv
import shutil
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PASSWORD = "Correct-Horse-Battery-1"


def build_instance(
    home: Path,
    *,
    demo: bool = True,
    users: Iterable[tuple[str, str, str, str]] = (),
    demo_waves: int = 1,
) -> Path:
    """An instance folder as `chatr init [--demo]` makes it (a real DuckDB file on disk, with
    the demo data unless demo=False) and an account with PASSWORD for each (user name, role,
    name, e-mail): the one builder of instances for every test layer. demo_waves=1 (most
    tests: the seed's figures, one survey wave) or 2 (with the demo's follow-up survey)."""
    from chatr import auth, db
    from chatr import demo as demo_data

    con = db.connect(home / "chatr.duckdb", create=True)
    if demo:
        demo_data.load_demo(con, waves=demo_waves)
    con.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHATR_HOME", str(home))
        for username, role, name, email in users:
            auth.add_user(username, role, name, email, PASSWORD)
    return home


@dataclass(frozen=True)
class Respondent:
    submitted_at: str
    email: str
    life_stages: tuple[str, ...]
    organisation: str
    organisation_other: str
    score: int | None
    interest: str | None


# The demo's survey waves, earliest first: `chatr init --demo` loads both, and pages show the
# latest by default; build_instance loads the first only unless told otherwise.
DEMO_WAVE_FILES = ("baseline.csv", "baseline_wave2.csv")


def demo_respondents(wave: int = 1) -> list[Respondent]:
    """A demo survey wave (1 or 2), de-duplicated by e-mail (trimmed, case-folded), keeping
    the latest."""
    latest: dict[str, Respondent] = {}
    with open(DATA / DEMO_WAVE_FILES[wave - 1], newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            person = Respondent(
                submitted_at=row["submitted_at"],
                email=row["email"].strip().lower(),
                life_stages=tuple(s for s in row["life_stages"].split(";") if s),
                organisation=row["organisation"],
                organisation_other=row["organisation_other"].strip(),
                score=int(row["practice_use_score"]) if row["practice_use_score"] else None,
                interest=row["interest"] or None,
            )
            known = latest.get(person.email)
            if known is None or person.submitted_at >= known.submitted_at:
                latest[person.email] = person
    return list(latest.values())


def select(
    respondents: list[Respondent], stages: tuple[str, ...] = (), orgs: tuple[str, ...] = ()
) -> list[Respondent]:
    """The respondents a filter keeps: any chosen life stage, any chosen organisation type."""
    return [
        r
        for r in respondents
        if (not stages or set(stages) & set(r.life_stages)) and (not orgs or r.organisation in orgs)
    ]


def expected_baseline(respondents: list[Respondent]) -> dict:
    """The baseline figures computed by hand, in the shape of `chatr figures`."""
    scores = [r.score for r in respondents if r.score is not None]
    stage_counts = Counter(s for r in respondents for s in r.life_stages)
    return {
        "respondents": len(respondents),
        "answered": {
            "life_stages": sum(1 for r in respondents if r.life_stages),
            "organisation": sum(1 for r in respondents if r.organisation),
            "practice_use_score": len(scores),
            "interest": sum(1 for r in respondents if r.interest),
        },
        "practice_use_mean": round(statistics.mean(scores), 3) if scores else None,
        "practice_use_median": float(statistics.median(scores)) if scores else None,
        "practice_use_distribution": {str(k): scores.count(k) for k in range(11)},
        "life_stage_counts": {
            s: stage_counts[s] for s in ("Perinatal", "0-5", "5-11", "11-19", "19-25")
        },
        "organisation_counts": dict(Counter(r.organisation for r in respondents if r.organisation)),
        "interest_counts": {
            a: sum(1 for r in respondents if r.interest == a) for a in ("Yes", "Maybe", "No")
        },
    }


def demo_pilot() -> dict[str, dict[str, int | None]]:
    """Perinatal #1 demo pilot: e-mail -> {'pre': score, 'post': score}, matched on e-mail."""
    people: dict[str, dict[str, int | None]] = {}
    with open(DATA / "pilot_perinatal_1.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            email = row["email"].strip().lower()
            score = int(row["practice_use_score"]) if row["practice_use_score"] else None
            people.setdefault(email, {"pre": None, "post": None})[row["wave"]] = score
    return people


def demo_likert() -> dict[str, list[str]]:
    """Perinatal #1 demo pilot: statement -> the answers given (labels)."""
    fixed = {"wave", "submitted_at", "email", "name", "team", "organisation", "organisation_other"}
    fixed |= {"practice_use_score", "feedback_quote", "feedback_improve", "feedback_hope"}
    answers: dict[str, list[str]] = {}
    with open(DATA / "pilot_perinatal_1.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column, value in row.items():
                if column not in fixed and value:
                    answers.setdefault(column, []).append(value)
    return answers


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh instance folder with the demo data loaded (real DuckDB file on disk)."""
    return build_instance(tmp_path_factory.mktemp("chatr-home"))


@pytest.fixture(scope="session")
def demo_con(demo_home: Path):
    """A read connection to the demo database (tests must not write through it)."""
    from chatr import db

    con = db.connect(demo_home / "chatr.duckdb")
    yield con
    con.close()


@pytest.fixture
def fresh_con(demo_home: Path, tmp_path: Path):
    """A copy of the demo database of this test's own, free to change (copying is faster than
    loading it)."""
    from chatr import db

    path = tmp_path / "chatr.duckdb"
    shutil.copyfile(demo_home / "chatr.duckdb", path)
    con = db.connect(path)
    yield con
    con.close()
