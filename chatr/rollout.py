"""The rollout plan as it stands: cohorts per life stage with their status on a day, the comms
events, the history of edits, and the plan as tables and CSV. Edits are in chatr.plan_edits."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from chatr import pilot, queries

# Communications events as the plan names them; uploads may bring other kinds, shown as typed.
COMMS_KINDS: dict[str, str] = {
    "show_and_tell": "Show & Tell",
    "newsletter": "Newsletter",
    "service_leads": "Service-lead meeting",
    "other": "Other",
}

# A cohort's status on a day, as queries/cohorts.sql gives it.
STATUSES: tuple[str, ...] = ("planned", "running", "done", "evaluated", "cancelled")
DEFAULT_PLACES = 11

MAX_PLACES = 100


def timeline(
    con: duckdb.DuckDBPyConnection, today: date, life_stages: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per cohort (of the chosen life stages) with status on `today`, participants with
    pilot data, and people invited or allocated."""
    plan = pilot.cohorts(con, today).merge(queries.read(con, "plan_cohort_people"), how="left")
    if life_stages:
        plan = plan[plan["life_stage"].isin(life_stages)]
    return plan.reset_index(drop=True)


def status_counts(timeline_rows: pd.DataFrame) -> dict[str, int]:
    """Cohorts per status (planned, running, done, evaluated, cancelled), zeros included;
    "finished" is done and evaluated together."""
    counts = timeline_rows["status"].value_counts()
    found = {status: int(counts.get(status, 0)) for status in STATUSES}
    return found | {"finished": found["done"] + found["evaluated"]}


def planned_in_order(timeline_rows: pd.DataFrame) -> pd.DataFrame:
    """The planned cohorts, the next to start first."""
    planned = timeline_rows[timeline_rows["status"] == "planned"]
    return planned.sort_values("start_date")


def comms_events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per communications event: event_date, kind, kind_label, title."""
    events = queries.read(con, "plan_comms_events")
    events["kind_label"] = [COMMS_KINDS.get(k, str(k)) for k in events["kind"]]
    return events


def history(con: duckdb.DuckDBPyConnection, n_latest: int = 50) -> pd.DataFrame:
    """The latest plan changes, newest first: changed_at, changed_by, action, subject, detail."""
    return queries.read(con, "plan_history", n_latest=n_latest)


def next_cohort_number(con: duckdb.DuckDBPyConnection, life_stage: str) -> int:
    """The first number not yet used for the life stage's cohorts."""
    frame = queries.read(con, "plan_next_cohort_number", life_stage=life_stage)
    return int(frame["next_cohort_number"].iloc[0])


HISTORY_COLUMNS = {
    "changed_at": "When",
    "changed_by": "Who",
    "action": "Change",
    "subject": "Cohort or event",
    "detail": "Detail",
}


def history_table(changes: pd.DataFrame) -> pd.DataFrame:
    """The plan's change history with the column names the page shows."""
    return changes.drop(columns=["change_id"]).rename(columns=HISTORY_COLUMNS)


def display_table(timeline_rows: pd.DataFrame) -> pd.DataFrame:
    """The timeline's cohorts as a table for the page (no personal data); its `people` column
    as chatr.disclosure.plan_people wrote it for the reader."""
    table = timeline_rows
    columns = {
        "cohort_label": "Cohort",
        "status": "Status",
        "start_date": "Starts",
        "end_date": "Ends",
        "places": "Places",
        "location": "Location",
        "people": "People",
    }
    return table[list(columns)].rename(columns=columns)


def default_dates(today: date) -> tuple[date, date]:
    """A new cohort's suggested dates: four weeks from the Monday four weeks after today."""
    start = today + timedelta(days=28 + (7 - today.weekday()) % 7)
    return start, start + timedelta(days=25)


def plan_csv_rows(timeline_rows: pd.DataFrame) -> pd.DataFrame:
    """The cohorts in the layout of `data/cohorts.csv`, so a download loads back with
    `chatr load --kind cohorts` (status: 'cancelled' or blank; the rest follows from the dates)."""
    rows = timeline_rows.assign(
        start_date=[_day(d).isoformat() for d in timeline_rows["start_date"]],
        end_date=[_day(d).isoformat() for d in timeline_rows["end_date"]],
        status=["cancelled" if s == "cancelled" else "" for s in timeline_rows["status"]],
    )
    columns = ["life_stage", "cohort_number", "start_date", "end_date", "places", "location"]
    return rows[[*columns, "status"]]


def _day(value: object) -> date:
    return pd.Timestamp(value).date()
