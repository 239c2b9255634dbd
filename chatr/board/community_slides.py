"""The Community and sessions page and its board slides, built in one place: the Slack
workspace's activity, the trained cohorts' retention and the sessions' attendance, with every
count of people as the reader may see it. Figures and text only, never Streamlit.

For the board, a count of people is withheld when it is under MIN_CELL, and a count shown as a
part of another shown count ("9 of 11 joined") also when the rest (2) is: the rest would give a
small group away by subtraction. Counts of messages, threads and links are not counts of
people and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from chatr import community, disclosure, pilot, rollout, suppression
from chatr.board import sources, takeaways
from chatr.board.slides import Slide
from chatr.charts import community as charts
from chatr.charts import style
from chatr.filters import NO_FILTERS, Filters
from chatr.reference import LIFE_STAGE_COLOURS

RETENTION_MEASURES = {
    "n_participants": "Participants",
    "n_in_workspace": "In the community",
    "n_active_after_end": "Active within 90 days after the end",
}


@dataclass(frozen=True)
class CommunityPage:
    """Everything the Community and sessions page shows, as this reader may see it; a part is
    empty (None) when its data is not loaded."""

    slack_tiles: tuple[tuple[str, str, str], ...] = ()  # (label, value, help)
    activity: Slide | None = None
    threads: go.Figure | None = None
    links: go.Figure | None = None
    retention: Slide | None = None
    session_tiles: tuple[tuple[str, str, str], ...] = ()
    sessions: Slide | None = None
    repeat: go.Figure | None = None
    by_organisation: go.Figure | None = None
    by_life_stage: go.Figure | None = None

    @property
    def is_empty(self) -> bool:
        return self.activity is None and self.sessions is None

    def slides(self) -> list[Slide]:
        """The board's community slides, in the deck's order."""
        return [s for s in (self.activity, self.retention, self.sessions) if s is not None]


def community_slides(con: duckdb.DuckDBPyConnection, filters: Filters, board: bool) -> list[Slide]:
    """The deck's community slides (activity, retention, sessions); none without the data."""
    return community_page(con, filters, board).slides()


def community_page(con: duckdb.DuckDBPyConnection, filters: Filters, board: bool) -> CommunityPage:
    """The page's tiles, figures and slides for these filters, as a board member (board=True)
    or a lead may see them."""
    summary = community.summary(con)
    events = community.events(con)
    slack = _slack_parts(con, summary, filters, board) if summary.n_exports else {}
    held = _session_parts(con, events, filters, board) if len(events) else {}
    return CommunityPage(**slack, **held)


def _slack_parts(
    con: duckdb.DuckDBPyConnection, summary: community.Summary, filters: Filters, board: bool
) -> dict:
    return {
        "slack_tiles": _slack_tiles(summary, board),
        "activity": activity_slide(con, summary, filters, board),
        "threads": charts.threads_by_channel(community.by_channel(con), filters),
        "links": charts.links_shared(summary.n_portal_links, summary.n_external_links, filters),
        "retention": retention_slide(con, filters, board),
    }


def _session_parts(
    con: duckdb.DuckDBPyConnection, events: pd.DataFrame, filters: Filters, board: bool
) -> dict:
    people = community.repeat_attendees(con)
    n_people = int(people["n_attendees"].sum())
    repeat = disclosure.cells(people, board, count_column="n_attendees", value_columns=())
    return {
        "session_tiles": _session_tiles(events, people, board),
        "sessions": sessions_slide(con, events, people, filters, board),
        "repeat": charts.repeat_attendance(repeat, takeaways.count(n_people, board), filters),
        "by_organisation": _by_group(con, "organisation", n_people, filters, board),
        "by_life_stage": _by_group(con, "life_stage", n_people, filters, board),
    }


def activity_slide(
    con: duckdb.DuckDBPyConnection, summary: community.Summary, filters: Filters, board: bool
) -> Slide:
    """Messages and members posting per month."""
    posting = part(summary.n_posting_members, [summary.n_members], board)
    months = community.by_month(con)
    months = _withhold(months, "n_active_members", [summary.n_posting_members], board)
    unit = "messages" + takeaways.members_from(posting)
    figure = charts.activity(months, summary.n_messages, unit, filters)
    return Slide(
        "Community of Practice",
        figure,
        takeaways.community_activity(months, summary.n_messages, posting),
        f"n = {summary.n_messages} {unit}",
        _unfiltered(filters),
        sources.source_text(con, ("community",)),
    )


def retention_slide(con: duckdb.DuckDBPyConnection, filters: Filters, board: bool) -> Slide:
    """Each trained cohort (in the filters' life stages): participants, in the community,
    posting within 90 days after the cohort ended."""
    table = community.cohort_retention(con)
    if filters.life_stages:
        stages = pilot.cohorts(con).set_index("cohort_id")["life_stage"]
        table = table[table["cohort_id"].map(stages).isin(filters.life_stages)]
    shown = retention_shown(table, board)
    n = int(shown["n_participants"].sum())
    note = "the cohorts' organisations: filter n/a" if filters.organisations else ""
    days = community.ACTIVE_DAYS_AFTER_END
    return Slide(
        "Community of Practice",
        charts.retention(retention_long(shown), n, filters, note),
        takeaways.retention(shown, days),
        f"n = {n} participants of {len(shown)} {takeaways.plural(len(shown), 'cohort', 'cohorts')}",
        filters.describe(),
        sources.source_text(con, ("community", "pilot")),
    )


def sessions_slide(
    con: duckdb.DuckDBPyConnection,
    events: pd.DataFrame,
    people: pd.DataFrame,
    filters: Filters,
    board: bool,
) -> Slide:
    """Attendees per session over time, with the communications events."""
    n_people = int(people["n_attendees"].sum())
    n_repeat = int(people.loc[people["n_sessions"] > 1, "n_attendees"].sum())
    shown = _withhold(events, "n_attendees", [n_people], board)
    shown["hover"] = [_session_hover(row, board) for row in shown.itertuples()]
    who = takeaways.count(n_people, board)
    repeat = part(n_repeat, [n_people], board)
    n = len(events)
    return Slide(
        "Show & Tells and webinars",
        charts.sessions(shown, rollout.comms_events(con), who, filters),
        takeaways.sessions(shown, who, repeat),
        f"n = {n} {takeaways.plural(n, 'session', 'sessions')}, {who} people",
        _unfiltered(filters),
        sources.source_text(con, ("attendance", "plan")),
    )


def part(n: int, wholes: Sequence[int], board: bool) -> str:
    """A count of people as the reader may see it: for the board, '<5' when under MIN_CELL and
    'hidden' when a shown whole minus it is (the rest would be a small group)."""
    return _mark(n, wholes, board) or str(n)


def retention_shown(table: pd.DataFrame, board: bool) -> pd.DataFrame:
    """Retention per cohort as the reader may see it: counts withheld (NaN) with a mark column
    per count (`<count>_mark`). Participants under MIN_CELL withhold the whole cohort; those in
    the community and those active are parts of participants and of each other."""
    rows = []
    for row in table.itertuples():
        n, joined, active = row.n_participants, row.n_in_workspace, row.n_active_after_end
        if board and suppression.too_few(n):
            marks = (suppression.SMALL, suppression.HIDDEN, suppression.HIDDEN)
        else:
            joined_mark = _mark(joined, [n], board)
            active_mark = _mark(active, [n] if joined_mark else [n, joined], board)
            marks = ("", joined_mark, active_mark)
        values = {
            column: np.nan if mark else float(value)
            for column, value, mark in zip(
                RETENTION_MEASURES, (n, joined, active), marks, strict=True
            )
        }
        rows.append(
            {"cohort_label": row.cohort_label, **values}
            | {f"{c}_mark": m for c, m in zip(RETENTION_MEASURES, marks, strict=True)}
        )
    columns = ["cohort_label", *RETENTION_MEASURES, *(f"{c}_mark" for c in RETENTION_MEASURES)]
    return pd.DataFrame(rows, columns=columns)


def retention_long(shown: pd.DataFrame) -> pd.DataFrame:
    """One row per cohort and measure: cohort_label, measure, n_people, suppressed."""
    return pd.DataFrame(
        [
            {
                "cohort_label": row["cohort_label"],
                "measure": measure,
                "n_people": row[column],
                "suppressed": row[f"{column}_mark"],
            }
            for _, row in shown.iterrows()
            for column, measure in RETENTION_MEASURES.items()
        ],
        columns=["cohort_label", "measure", "n_people", "suppressed"],
    )


def _slack_tiles(summary: community.Summary, board: bool) -> tuple[tuple[str, str, str], ...]:
    portal = (
        f"{summary.n_portal_links} to the resource portal, {summary.n_external_links} elsewhere"
    )
    return (
        ("Members", takeaways.count(summary.n_members, board), "active accounts, not bots"),
        (
            "Members who posted",
            part(summary.n_posting_members, [summary.n_members], board),
            "members with at least one message",
        ),
        ("Messages", str(summary.n_messages), "replies included; joins and bot posts are not"),
        ("Replies in threads", str(summary.n_replies), "messages answering another"),
        ("Threads", str(summary.n_threads), "messages with at least one reply"),
        ("Links shared", str(summary.n_links), portal),
    )


def _session_tiles(
    events: pd.DataFrame, people: pd.DataFrame, board: bool
) -> tuple[tuple[str, str, str], ...]:
    n_people = int(people["n_attendees"].sum())
    n_repeat = int(people.loc[people["n_sessions"] > 1, "n_attendees"].sum())
    return (
        ("Sessions held", str(len(events)), "Show & Tells and webinars with a report loaded"),
        (
            "People at a session",
            takeaways.count(n_people, board),
            "each person once, by e-mail or name",
        ),
        ("Came to more than one", part(n_repeat, [n_people], board), "of the people who came"),
    )


def _by_group(
    con: duckdb.DuckDBPyConnection, group: str, n_people: int, filters: Filters, board: bool
) -> go.Figure:
    """Attendees who answered the baseline survey, by organisation type or by life stage."""
    if group == "organisation":
        table = community.attendance_by_organisation(con, filters)
        n = int(table["n_attendees"].sum())
        title, colours, note = "Who came: organisation types", None, ""
    else:
        table = community.attendance_by_life_stage(con, filters)
        n = int(table["n_answered"].iloc[0])
        title, colours = "Who came: life stages", LIFE_STAGE_COLOURS
        note = "several could be chosen, so shares add up to more than 100%"
    if board and _group_withheld(con, n, n_people, filters):
        return style.withheld(title, filters)
    shown = disclosure.cells(
        table, board, count_column="n_attendees", value_columns=("pct_of_attendees",)
    )
    return charts.attendees_by_group(shown, group, title, n, filters, colours, note)


def _group_withheld(
    con: duckdb.DuckDBPyConnection, n: int, n_people: int, filters: Filters
) -> bool:
    """Whether the board may not see the matched attendees' breakdown: too few, too few left
    unmatched (unfiltered), or a wider filter one choice away differing by a small group."""
    if suppression.too_few(n) or (filters == NO_FILTERS and suppression.too_few(n_people - n)):
        return True
    population = disclosure.BaselinePopulation(community.attendee_respondents(con))
    return disclosure.filter_withheld(population.count, filters) is not None


def _withhold(table: pd.DataFrame, column: str, wholes: Sequence[int], board: bool):
    """The table with `column` withheld (NaN) where the reader may not see it, marked in a
    `suppressed` column."""
    marks = [_mark(int(n), wholes, board) for n in table[column]]
    values = table[column].astype("float64").where([not m for m in marks])
    return table.assign(**{column: values, "suppressed": marks})


def _mark(n: int, wholes: Sequence[int], board: bool) -> str:
    if not board:
        return ""
    if suppression.too_few(n):
        return suppression.SMALL
    if any(suppression.too_few(whole - n) for whole in wholes):
        return suppression.HIDDEN
    return ""


def _session_hover(row, board: bool) -> str:
    """What the reader may see of a session on hovering it."""
    head = f"<b>{escape(str(row.title))}</b><br>{takeaways.day(row.event_date)}"
    if pd.isna(row.n_attendees):
        return f"{head}<br>attendees not shown (a group under {suppression.MIN_CELL})"
    text = f"{head}<br>{row.n_attendees:.0f} attendees"
    if not pd.isna(row.minutes_median):
        text += f", median {row.minutes_median:.0f} minutes"
    if not _mark(int(row.n_from_pilot), [int(row.n_attendees)], board):
        text += f"<br>{row.n_from_pilot} from a pilot cohort"
    return text


def _unfiltered(filters: Filters) -> str:
    """A slide's filters when the sidebar's do not apply to its data."""
    note = f" ({charts.NOT_FILTERED})" if filters != NO_FILTERS else ""
    return NO_FILTERS.describe() + note
