"""The edits a lead makes to the rollout plan in the app, each one checked and recorded.

Every edit is checked first and runs in one transaction; a refused edit raises `PlanRefused`
with one `PlanProblem` per field that is wrong and changes nothing. The rules of which cohorts
can be moved or cancelled live here once, for the edits and for the page's choices alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from chatr import db, queries
from chatr.reference import LIFE_STAGES, canonical_life_stage
from chatr.rollout import COMMS_KINDS, DEFAULT_PLACES, MAX_PLACES


@dataclass(frozen=True)
class PlanProblem:
    """What is wrong with one field of an edit, in words for the person making it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class PlanRefused(ValueError):
    """An edit broke a plan rule; nothing was changed."""

    def __init__(self, problems: list[PlanProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


def add_cohort(
    con: duckdb.DuckDBPyConnection,
    changed_by: str,
    life_stage: str,
    cohort_number: int,
    start_date: date | None,
    end_date: date | None,
    places: int = DEFAULT_PLACES,
    location: str | None = None,
) -> int:
    """Add a cohort to the plan; its cohort_id. PlanRefused if a rule is broken."""
    stage = canonical_life_stage(life_stage or "")
    problems = _who_problems(changed_by) + _stage_problems(life_stage, stage)
    problems += _number_problems(cohort_number)
    problems += _date_problems(start_date, end_date) + _places_problems(places)
    location = (location or "").strip() or None
    with db.transaction(con) as tx:
        if stage and not _number_problems(cohort_number):
            problems += _taken_problems(tx, stage, cohort_number)
        _refuse_if(problems)
        cohort_id = _one(
            queries.write(
                tx,
                "plan_insert_cohort",
                life_stage=stage,
                cohort_number=cohort_number,
                start_date=start_date,
                end_date=end_date,
                places=places,
                location=location,
            )
        )
        detail = _describe(start_date, end_date, places, location)
        _record(tx, changed_by, "add_cohort", f"{stage} #{cohort_number}", detail, cohort_id)
    return cohort_id


def move_cohort(
    con: duckdb.DuckDBPyConnection,
    changed_by: str,
    cohort_id: int,
    start_date: date | None,
    end_date: date | None,
    places: int | None = None,
    location: str | None = None,
) -> None:
    """Give a cohort new dates (and places, location); PlanRefused if a rule is broken."""
    with db.transaction(con) as tx:
        before = cohort(tx, cohort_id)
        places = before["places"] if places is None else places
        location = before["location"] if location is None else location.strip() or None
        problems = _who_problems(changed_by) + _date_problems(start_date, end_date)
        problems += _places_problems(places)
        problems += why_not_move(before["cohort_label"], before["is_cancelled"])
        _refuse_if(problems)
        queries.write(
            tx,
            "plan_move_cohort",
            cohort_id=cohort_id,
            start_date=start_date,
            end_date=end_date,
            places=places,
            location=location,
        )
        was = _describe(
            before["start_date"], before["end_date"], before["places"], before["location"]
        )
        now = _describe(start_date, end_date, places, location)
        detail = f"{was} → {now}"
        _record(tx, changed_by, "move_cohort", before["cohort_label"], detail, cohort_id)


def cancel_cohort(
    con: duckdb.DuckDBPyConnection, changed_by: str, cohort_id: int, reason: str = ""
) -> None:
    """Cancel a cohort (it keeps its number); PlanRefused if it is cancelled or evaluated."""
    _refuse_if(_who_problems(changed_by))
    with db.transaction(con) as tx:
        entry = cohort(tx, cohort_id)
        label = entry["cohort_label"]
        _refuse_if(why_not_cancel(label, entry["is_cancelled"], entry["has_pilot_data"]))
        queries.write(tx, "plan_cancel_cohort", cohort_id=cohort_id)
        detail = _describe(entry["start_date"], entry["end_date"], entry["places"], None)
        detail += f" · reason: {reason.strip()}" if reason.strip() else ""
        _record(tx, changed_by, "cancel_cohort", label, detail, cohort_id)


def add_comms_event(
    con: duckdb.DuckDBPyConnection, changed_by: str, event_date: date | None, kind: str, title: str
) -> int:
    """Add a communications event (milestone); its event_id. PlanRefused if it is incomplete."""
    title = (title or "").strip()
    problems = _who_problems(changed_by)
    if not event_date:
        problems.append(PlanProblem("Date", "Choose the date of the event."))
    if kind not in COMMS_KINDS:
        problems.append(PlanProblem("Kind", f"'{kind}' is not one of {', '.join(COMMS_KINDS)}."))
    if not title:
        problems.append(PlanProblem("Title", "Give the event a title, e.g. 'Show & Tell'."))
    _refuse_if(problems)
    with db.transaction(con) as tx:
        rows = queries.write(
            tx, "plan_insert_comms_event", event_date=event_date, kind=kind, title=title
        )
        event_id = _one(rows)
        detail = f"{COMMS_KINDS[kind]} on {event_date:%d %b %Y}"
        _record(tx, changed_by, "add_event", title, detail, event_id=event_id)
    return event_id


def _who_problems(changed_by: str) -> list[PlanProblem]:
    # The history must say who made each change.
    return [] if (changed_by or "").strip() else [PlanProblem("Changed by", "No user name given.")]


def _stage_problems(given: str, stage: str | None) -> list[PlanProblem]:
    if stage:
        return []
    return [PlanProblem("Life stage", f"'{given}' is not one of {', '.join(LIFE_STAGES)}.")]


def _number_problems(cohort_number: int) -> list[PlanProblem]:
    if isinstance(cohort_number, int) and cohort_number >= 1:
        return []
    return [PlanProblem("Cohort number", f"'{cohort_number}' is not a whole number from 1 up.")]


def _date_problems(start_date: date | None, end_date: date | None) -> list[PlanProblem]:
    problems = []
    if start_date is None:
        problems.append(PlanProblem("Start date", "Choose the date of the first session."))
    if end_date is None:
        problems.append(PlanProblem("End date", "Choose the date of the last session."))
    if start_date and end_date and end_date <= start_date:
        problems.append(
            PlanProblem(
                "End date",
                f"{end_date:%d %b %Y} is not after the start date {start_date:%d %b %Y}.",
            )
        )
    return problems


def _places_problems(places: int) -> list[PlanProblem]:
    if isinstance(places, int) and 1 <= places <= MAX_PLACES:
        return []
    return [PlanProblem("Places", f"'{places}' is not a number of places from 1 to {MAX_PLACES}.")]


def _taken_problems(tx: duckdb.DuckDBPyConnection, stage: str, number: int) -> list[PlanProblem]:
    found = queries.write(tx, "plan_cohort_by_number", life_stage=stage, cohort_number=number)
    if not found:
        return []
    state = " (cancelled: it keeps its number)" if found[0][1] else ""
    free = int(queries.write(tx, "plan_next_cohort_number", life_stage=stage)[0][0])
    return [
        PlanProblem(
            "Cohort number",
            f"{stage} #{number} is already in the plan{state}. Use number {free}.",
        )
    ]


def why_not_move(label: str, is_cancelled: bool) -> list[PlanProblem]:
    """Why a cohort cannot be given new dates: none unless it is cancelled."""
    return [PlanProblem("Cohort", f"{label} is cancelled.")] if is_cancelled else []


def why_not_cancel(label: str, is_cancelled: bool, has_pilot_data: bool) -> list[PlanProblem]:
    """Why a cohort cannot be cancelled: already cancelled, or it has results (it took place)."""
    if is_cancelled:
        return [PlanProblem("Cohort", f"{label} is already cancelled.")]
    if has_pilot_data:
        return [PlanProblem("Cohort", f"{label} has pilot results loaded, so it took place.")]
    return []


def movable(timeline_rows: pd.DataFrame) -> pd.DataFrame:
    """The cohorts of `timeline` rows that can be moved (the rule move_cohort enforces)."""
    keep = [
        not why_not_move(r.cohort_label, r.status == "cancelled")
        for r in timeline_rows.itertuples()
    ]
    return timeline_rows[keep]


def cancellable(timeline_rows: pd.DataFrame) -> pd.DataFrame:
    """The cohorts of `timeline` rows that can be cancelled (the rule cancel_cohort enforces);
    a cohort is 'evaluated' exactly when it has pilot data."""
    keep = [
        not why_not_cancel(r.cohort_label, r.status == "cancelled", r.status == "evaluated")
        for r in timeline_rows.itertuples()
    ]
    return timeline_rows[keep]


def cohort(tx: duckdb.DuckDBPyConnection, cohort_id: int) -> dict:
    """The cohort's plan entry (cohort_label, dates, places, is_cancelled, has_pilot_data...);
    PlanRefused if there is no such cohort."""
    cursor = tx.execute(queries.load("plan_cohort").sql, {"cohort_id": cohort_id})
    rows = cursor.fetchall()
    if not rows:
        raise PlanRefused([PlanProblem("Cohort", f"there is no cohort with id {cohort_id}.")])
    return dict(zip([c[0] for c in cursor.description], rows[0], strict=True))


def _refuse_if(problems: list[PlanProblem]) -> None:
    if problems:
        raise PlanRefused(problems)


def _one(rows: list[tuple]) -> int:
    return int(rows[0][0])


def _describe(start: date, end: date, places: int, location: str | None) -> str:
    where = f", {location}" if location else ""
    return f"{start:%d %b %Y} – {end:%d %b %Y}, {places} places{where}"


def _record(
    tx: duckdb.DuckDBPyConnection,
    changed_by: str,
    action: str,
    subject: str,
    detail: str,
    cohort_id: int | None = None,
    event_id: int | None = None,
) -> None:
    queries.write(
        tx,
        "plan_record_change",
        changed_by=changed_by,
        action=action,
        cohort_id=cohort_id,
        event_id=event_id,
        subject=subject,
        detail=detail,
    )
