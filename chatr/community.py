"""The Community of Practice and light-touch sessions, in aggregate: the Slack workspace's
members, messages and links, month by month, how many of each trained cohort joined and stayed
active, and each Show & Tell or webinar's attendance.

Everything here is counts: no name, e-mail or message text ever comes out, so any page may call
it (small numbers still go through chatr.suppression for viewers). The personal data behind
the counts is read only by chatr.community_people, for leads and admins.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb
import pandas as pd

from chatr import queries
from chatr.filters import Filters

# The programme's resource portal: links to it are told apart from links elsewhere. The host
# the fixtures and the programme's messages use; its subdomains count too.
RESOURCE_PORTAL_HOST = "resource-portal.example"
# A cohort's participants count as active when they post within this many days after it ends.
ACTIVE_DAYS_AFTER_END = 90


@dataclass(frozen=True)
class Summary:
    """The workspace in numbers, as its newest exports have it (zeros when none is loaded)."""

    n_members: int
    n_posting_members: int
    n_messages: int
    n_replies: int
    n_threads: int
    n_links: int
    n_portal_links: int
    n_external_links: int
    first_message_at: datetime | None
    last_message_at: datetime | None
    n_exports: int

    def as_dict(self) -> dict:
        return asdict(self)


def summary(con: duckdb.DuckDBPyConnection) -> Summary:
    """Members, posting members, messages, replies, threads and links (portal / external)."""
    row = queries.read(con, "community_summary", portal_host=RESOURCE_PORTAL_HOST).iloc[0]
    counts = {
        name: int(row[name]) for name in Summary.__dataclass_fields__ if name.startswith("n_")
    }
    return Summary(
        **counts,
        first_message_at=_time(row["first_message_at"]),
        last_message_at=_time(row["last_message_at"]),
    )


def by_month(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per month (UTC), quiet months included: month ('2021-03'), n_messages,
    n_replies (of those), n_active_members (members who posted that month)."""
    return queries.read(con, "community_by_month")


def by_channel(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per public channel: channel_name, is_archived, n_messages, n_replies,
    n_threads, n_posting_members, last_message_at."""
    return queries.read(con, "community_by_channel")


def cohort_retention(
    con: duckdb.DuckDBPyConnection, days_after_end: int = ACTIVE_DAYS_AFTER_END
) -> pd.DataFrame:
    """One row per cohort with pilot participants, in plan order: cohort_id, cohort_label,
    cohort_end, n_participants, n_in_workspace, n_active_after_end (posted within
    `days_after_end` days after the cohort ended). Empty when no Slack export is loaded: who
    joined is unknown then, not zero."""
    return queries.read(con, "community_cohort_retention", days_after_end=days_after_end)


def events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per Show & Tell or webinar, by date: batch_id, title, event_date, kind (teams /
    zoom), n_attendees, minutes_median, n_from_pilot."""
    return queries.read(con, "community_events")


def repeat_attendees(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per number of sessions attended, fewest first: n_sessions, n_attendees (people
    who came to that many)."""
    return queries.read(con, "community_repeat_attendees")


def attendee_respondents(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The session attendees who answered the baseline survey (matched by e-mail), counted per
    combination of answers: life_stages, organisation, interest, n_respondents."""
    return queries.read(con, "community_attendee_respondents")


def attendance_by_organisation(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per organisation type of the attendees who answered the baseline survey, in the
    filters: organisation, n_attendees, pct_of_attendees."""
    return queries.read(con, "community_attendance_by_organisation", **filters.sql_params())


def attendance_by_life_stage(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per life stage (all five) of the attendees who answered the baseline survey, in
    the filters: life_stage, n_attendees, n_answered, pct_of_attendees."""
    return queries.read(con, "community_attendance_by_life_stage", **filters.sql_params())


def _time(value: object) -> datetime | None:
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()
