"""PERSONAL DATA of the Community of Practice: Slack members' names and e-mails, what they
wrote, and who attended each session. For leads and admins only; a page a viewer can open must
call chatr.community (counts only) instead, never this module.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from chatr import queries


def members(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per Slack user: user_id, display_name, real_name, email, is_member, is_deleted,
    is_bot, is_guest, n_messages, last_message_at."""
    return queries.read(con, "community_members")


def messages(con: duckdb.DuckDBPyConnection, channel_name: str | None = None) -> pd.DataFrame:
    """One row per counted message, newest first (one channel, or all): channel_name,
    posted_at, author, is_reply, reply_count, n_links, message_text, channel_id, ts."""
    return queries.read(con, "community_messages", channel_name=channel_name)


def attendees(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """One row per attendee of one event (its batch_id, as chatr.community.events gives it):
    display_name, email, minutes, n_joins, is_from_pilot."""
    return queries.read(con, "community_attendees", batch_id=batch_id)


def holds_email(con: duckdb.DuckDBPyConnection, email: str) -> bool:
    """Whether a Slack export or attendance report loaded holds this e-mail."""
    return bool(queries.value(con, "community_holds_email", email=email))


def erase(tx: duckdb.DuckDBPyConnection, email: str) -> int:
    """Inside the caller's transaction, remove this e-mail's Slack user rows, their messages and
    their attendance, from every batch loaded; the number of rows removed."""
    removed = 0
    for name in ("erase_slack_messages", "erase_slack_member", "erase_attendee"):
        removed += int(queries.write(tx, name, email=email)[0][0])
    return removed
