"""Quotes for the board: up to MAX_QUOTES Slack messages a lead or admin picked, shown to every
role as their text alone, never with their author.

A pick names its message by channel and ts; the text is read from the newest export holding
the message, so a message erased or undone stops being shown. Who may pick is the page's
check (leads and admins: the picker shows authors); this module records who did and when.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from chatr import db, queries

MAX_QUOTES = 5
QUOTE_CHARS = 600  # longer messages are cut, with an ellipsis, to fit a slide or a screen

# Slack mrkdwn: <https://url|label>, <https://url>, <@U123> (a mention), <#C123|channel>,
# <!channel>. Mentions become "@someone": a user id leads back to a person.
_LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]+))?>")
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]+)>")
_SPECIAL = re.compile(r"<!(\w+)(?:\|[^>]*)?>")


class QuoteRefused(ValueError):
    """A pick or removal that was not made (nothing changed); the message says why."""


@dataclass(frozen=True)
class Quote:
    """A quote as the board sees it: the text, where and when it was posted, no author."""

    text: str
    channel_name: str
    month: str  # e.g. "Mar 2021"


def plain_text(markup: str) -> str:
    """Slack markup as a reader would see it: links as their label (or address), mentions as
    "@someone", &amp; &lt; &gt; unescaped, cut to QUOTE_CHARS."""
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), markup or "")
    text = _MENTION.sub("@someone", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(1)}", text)
    text = _SPECIAL.sub(lambda m: f"@{m.group(1)}", text)
    text = html.unescape(text).strip()
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def picked(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The picks still shown, latest first: channel_id, ts, channel_name, posted_at,
    message_text, picked_by, picked_at (for leads and admins: who picked is a colleague)."""
    return queries.read(con, "community_quotes").head(MAX_QUOTES)


def for_board(con: duckdb.DuckDBPyConnection) -> list[Quote]:
    """The quotes as the board sees them, latest pick first: text, channel and month only."""
    return [
        Quote(plain_text(row.message_text), str(row.channel_name), f"{row.posted_at:%b %Y}")
        for row in picked(con).itertuples()
    ]


def pick(con: duckdb.DuckDBPyConnection, channel_id: str, ts: str, picked_by: str) -> str:
    """Record a counted message as a quote for the board; what was done, or QuoteRefused."""
    with db.transaction(con) as tx:
        shown = queries.read_in(tx, "community_quotes")
        if ((shown["channel_id"] == channel_id) & (shown["ts"] == ts)).any():
            raise QuoteRefused("This message is already a quote for the board.")
        if len(shown) >= MAX_QUOTES:
            raise QuoteRefused(
                f"The board already has {MAX_QUOTES} quotes: remove one before picking another."
            )
        added = queries.write(
            tx, "community_quote_pick", channel_id=channel_id, ts=ts, picked_by=picked_by
        )
        if not added:
            raise QuoteRefused("No such message in the Slack export loaded: nothing was picked.")
        _audit(tx, picked_by, "pick board quote", channel_id, ts)
    return "Picked as a quote for the board. Board members see its text, not who wrote it."


def remove(con: duckdb.DuckDBPyConnection, channel_id: str, ts: str, removed_by: str) -> str:
    """Remove a pick (the message stays in the export); what was done, or QuoteRefused."""
    with db.transaction(con) as tx:
        if not queries.write(tx, "community_quote_remove", channel_id=channel_id, ts=ts):
            raise QuoteRefused("That quote was not picked (someone may have removed it).")
        _audit(tx, removed_by, "remove board quote", channel_id, ts)
    return "Removed from the board's quotes."


def _audit(tx: duckdb.DuckDBPyConnection, actor: str, action: str, channel_id: str, ts: str):
    # The message's key only: the audit log holds no message text.
    queries.write(
        tx, "record_audit", actor=actor, action=action, target=f"{channel_id}/{ts}", detail=None
    )
