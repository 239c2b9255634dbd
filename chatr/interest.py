"""Interest in training: who answered Yes or Maybe, demand against the next cohorts' places,
and the invited / allocated marks that make the list a recruitment tool.

Functions returning names or e-mails say so; callers check `see_personal_data` first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from chatr import db, pilot, plan_edits, queries, waves
from chatr.filters import Filters
from chatr.plan_edits import PlanProblem, PlanRefused

ANSWERS: tuple[str, ...] = ("Yes", "Maybe")
MARKS: tuple[str, ...] = ("invited", "allocated")
SORT_KEYS: dict[str, str] = {
    "name": "Name",
    "organisation": "Organisation",
    "answer": "Answer (Yes first)",
    "submitted": "When they answered",
}
PAGE_SIZE = 50
# The export's columns, in order, with their headings (personal data: leads and admins only).
EXPORT_COLUMNS: dict[str, str] = {
    "name": "Name",
    "email": "E-mail",
    "team": "Team",
    "life_stages": "Life stages",
    "organisation": "Organisation",
    "interest": "Interested",
    "mark_status": "Recruitment",
    "mark_cohort": "Cohort",
}


@dataclass(frozen=True)
class Summary:
    """Counts only (safe for every role): people interested, by answer and recruitment mark."""

    interested: int
    yes: int
    maybe: int
    invited: int
    allocated: int


def answers_of(chosen: Iterable[str]) -> tuple[str, ...]:
    """The chosen answers among Yes / Maybe, in that order; ValueError naming an unknown one."""
    chosen = list(chosen)
    unknown = [a for a in chosen if a not in ANSWERS]
    if unknown:
        raise ValueError(f"answer {unknown[0]!r} is not one of {', '.join(ANSWERS)}")
    return tuple(a for a in ANSWERS if a in chosen)


def survey_named(con: duckdb.DuckDBPyConnection) -> str:
    """Which run of the survey the lists hold, once there is more than one: each person's
    answer to the latest ("" with a single wave, as before waves existed)."""
    found = waves.listed(con)
    if len(found) < 2:
        return ""
    return f"Answers to the latest survey, {found.label.iloc[-1]}"


def _params(filters: Filters, answers: Sequence[str]) -> dict:
    return filters.sql_params() | {"answers": list(answers)}


def summary(
    con: duckdb.DuckDBPyConnection, filters: Filters, answers: Sequence[str] = ANSWERS
) -> Summary:
    """How many respondents in the filters gave one of `answers`, and how many are marked."""
    row = queries.read(con, "interest_summary", **_params(filters, answers)).iloc[0]
    return Summary(
        interested=int(row.n_interested),
        yes=int(row.n_yes),
        maybe=int(row.n_maybe),
        invited=int(row.n_invited),
        allocated=int(row.n_allocated),
    )


def demand(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    answers: Sequence[str] = ANSWERS,
    today: date | None = None,
) -> pd.DataFrame:
    """One row per chosen life stage: n_interested, n_yes, n_maybe, n_not_allocated, and the
    next planned cohort's label, dates, places and places left (null when none is planned)."""
    params = _params(filters, answers) | {"today": today or date.today()}
    return queries.read(con, "interest_demand", **params)


def unplanned(demand: pd.DataFrame) -> str | None:
    """'0-5 (12 interested); 19-25 (<5 interested)': the life stages with people interested and
    no cohort planned, from `demand` as the reader may see it (suppressed or not); None if none."""
    waiting = demand[demand["next_cohort_label"].isna() & (demand["n_interested"].fillna(1) > 0)]
    marks = waiting["suppressed"] if "suppressed" in waiting else pd.Series("", index=waiting.index)
    told = [
        f"{row.life_stage} ({mark or f'{row.n_interested:.0f}'} interested)"
        for row, mark in zip(waiting.itertuples(), marks, strict=True)
    ]
    return "; ".join(told) or None


def people(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    answers: Sequence[str] = ANSWERS,
    sort_by: str = "name",
    page: int = 1,
    page_size: int | None = PAGE_SIZE,
    include_allocated: bool = True,
) -> pd.DataFrame:
    """PERSONAL DATA. One page of interested respondents: person_id, name, email, team,
    life_stages, organisation, interest, submitted_at, mark_status, mark_cohort, n_total
    (all pages). `page_size` None: every row."""
    if sort_by not in SORT_KEYS:
        raise ValueError(f"sort by one of {', '.join(SORT_KEYS)}, not {sort_by!r}")
    offset = (max(page, 1) - 1) * (page_size or 0)
    return queries.read(
        con,
        "interest_list",
        **_params(filters, answers),
        include_allocated=include_allocated,
        sort_by=sort_by,
        n_offset=offset,
        n_limit=page_size,
    )


def export_rows(
    con: duckdb.DuckDBPyConnection, filters: Filters, answers: Sequence[str] = ANSWERS
) -> pd.DataFrame:
    """PERSONAL DATA. Every interested respondent for the filters, export columns and headings."""
    rows = people(con, filters, answers, page_size=None)
    return rows[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)


def open_cohorts(con: duckdb.DuckDBPyConnection, today: date | None = None) -> pd.DataFrame:
    """Cohorts people can still be invited or allocated to: not cancelled, not yet over."""
    today = today or date.today()
    plan = pilot.cohorts(con, today)
    is_open = (plan["status"] != "cancelled") & (pd.to_datetime(plan["end_date"]).dt.date >= today)
    return plan[is_open].reset_index(drop=True)


def mark(
    con: duckdb.DuckDBPyConnection,
    marked_by: str,
    person_ids: Sequence[int],
    status: str,
    cohort_id: int | None,
    today: date | None = None,
) -> None:
    """Mark people invited / allocated to a cohort, or clear their mark (status 'interested').

    One transaction; PlanRefused (nothing changed) if the cohort is not open, the people are not
    interested respondents, or allocating them would go over the cohort's places.
    """
    ids = sorted({int(i) for i in person_ids})
    with db.transaction(con) as tx:
        problems = _people_problems(tx, ids)
        if status == "interested":
            _refuse(problems)
            queries.write(tx, "interest_clear_mark", person_ids=ids)
            return
        if status not in MARKS:
            problems.append(PlanProblem("Mark", f"'{status}' is not one of {', '.join(MARKS)}."))
        if not problems:
            problems += _cohort_problems(tx, cohort_id, ids, status, today or date.today())
        _refuse(problems)
        queries.write(
            tx, "interest_mark", person_ids=ids, status=status, cohort_id=cohort_id,
            marked_by=marked_by,
        )  # fmt: skip


def _refuse(problems: list[PlanProblem]) -> None:
    if problems:
        raise PlanRefused(problems)


def _people_problems(tx: duckdb.DuckDBPyConnection, ids: list[int]) -> list[PlanProblem]:
    if not ids:
        return [PlanProblem("People", "Choose at least one person.")]
    known = {row[0] for row in queries.write(tx, "interest_known_people", person_ids=ids)}
    if len(known) < len(ids):
        n = len(ids) - len(known)
        return [PlanProblem("People", f"{n} of those chosen did not answer Yes or Maybe.")]
    return []


def _cohort_problems(
    tx: duckdb.DuckDBPyConnection, cohort_id: int | None, ids: list[int], status: str, today: date
) -> list[PlanProblem]:
    if cohort_id is None:
        return [PlanProblem("Cohort", "Choose the cohort.")]
    entry = plan_edits.cohort(tx, cohort_id)
    label = entry["cohort_label"]
    if entry["is_cancelled"] or entry["end_date"] < today:
        state = (
            "cancelled" if entry["is_cancelled"] else f"over (ended {entry['end_date']:%d %b %Y})"
        )
        return [PlanProblem("Cohort", f"{label} is {state}: choose a planned cohort.")]
    if status != "allocated":
        return []
    taken = int(
        queries.write(tx, "interest_cohort_allocated", cohort_id=cohort_id, person_ids=ids)[0][0]
    )
    if taken + len(ids) <= entry["places"]:
        return []
    left = max(entry["places"] - taken, 0)
    return [
        PlanProblem(
            "Places",
            f"{label} has {entry['places']} places and {taken} already allocated, so {left} "
            "left: allocate fewer people, or add places by moving the cohort.",
        )
    ]


def display_table(rows: pd.DataFrame) -> pd.DataFrame:
    """PERSONAL DATA. One page of the interest list as a table for the page."""
    recruitment = [
        f"{status} · {cohort}" if isinstance(status, str) else "interested"
        for status, cohort in zip(rows["mark_status"], rows["mark_cohort"], strict=True)
    ]
    table = rows.assign(recruitment=recruitment)
    # The export's columns, with its two recruitment columns as one.
    columns = {k: v for k, v in EXPORT_COLUMNS.items() if k not in ("mark_status", "mark_cohort")}
    columns["recruitment"] = EXPORT_COLUMNS["mark_status"]
    return table[list(columns)].rename(columns=columns)


def person_labels(rows: pd.DataFrame) -> dict[int, str]:
    """PERSONAL DATA. person_id -> 'Name (e-mail)' for choosing people on the page."""
    return {
        int(r.person_id): f"{r.name or '(no name)'} ({r.email or 'no e-mail'})"
        for r in rows.itertuples()
    }
