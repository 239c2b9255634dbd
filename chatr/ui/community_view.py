"""Streamlit pieces of the Community and sessions page: tiles, a slide's chart, what to do when
nothing is loaded, the board's quotes, and the quote picker (leads and admins only)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from chatr import community_people, community_quotes
from chatr.ingest.validation import ENGAGEMENT_KIND_LABELS
from chatr.ui import cache, widgets

PER_ROW = 3


def tiles(values: Sequence[tuple[str, str, str]]) -> None:
    """Headline numbers, three to a row: (label, value as the reader may see it, help)."""
    for start in range(0, len(values), PER_ROW):
        for column, (label, value, explained) in zip(
            st.columns(PER_ROW), values[start : start + PER_ROW], strict=False
        ):
            column.metric(label, value, help=explained)


def nothing_loaded(can_upload: bool) -> None:
    """Say plainly that nothing is loaded, and (to a lead or admin) how to load it."""
    if not can_upload:
        st.info(
            "No Community of Practice or session data has been loaded yet. A programme lead "
            "loads the Slack workspace export and the Show & Tell and webinar attendance "
            "reports; their numbers then appear here."
        )
        return
    community, attendance = ENGAGEMENT_KIND_LABELS.values()
    st.info(
        "No Community of Practice or session data has been loaded yet. On the **Upload data** "
        f"page, choose *{community}* for the Slack workspace export as Slack made it, or "
        f"*{attendance}* for a Teams or Zoom report (one per session). Or from the command "
        "line:\n\n"
        "`python -m chatr load EXPORT.zip --kind community`\n\n"
        '`python -m chatr load REPORT.csv --kind attendance --event "Show & Tell Feb 2021"`'
    )


def board_quotes(quotes: Sequence[community_quotes.Quote], can_pick: bool) -> None:
    """The quotes a lead picked, as every reader sees them: text, channel and month only."""
    st.subheader("In members' words")
    if not quotes:
        who = "Pick up to five below." if can_pick else "A programme lead can pick some."
        st.caption(f"No message has been picked as a quote for the board yet. {who}")
    for quote in quotes:
        with st.container(border=True):
            st.markdown(f"“{widgets.escape_markdown(quote.text)}”")
            st.caption(f"#{quote.channel_name}, {quote.month}")


def quote_picker(username: str) -> None:
    """Leads and admins: pick up to MAX_QUOTES messages for the board, or remove a pick. Shows
    every message with its author: never call it for a viewer."""
    picks = cache.cached(community_quotes.picked)
    limit = community_quotes.MAX_QUOTES
    with st.expander(f"Pick quotes for the board ({len(picks)} of {limit} picked)"):
        st.caption(
            "You see who wrote each message; board members see only its text, channel and "
            "month. Pick messages that name no one and that their author would be glad to see "
            "in a board paper."
        )
        for row in picks.itertuples():
            text, remove = st.columns([5, 1], vertical_alignment="center")
            text.markdown(widgets.escape_markdown(community_quotes.plain_text(row.message_text)))
            text.caption(f"Picked by {row.picked_by} on {row.picked_at:%d %b %Y}")
            if remove.button("Remove", key=f"quote_remove_{row.channel_id}_{row.ts}"):
                _change(community_quotes.remove, row.channel_id, row.ts, username)
        _pick(cache.cached(community_people.messages, None), len(picks) >= limit, username)


def _pick(messages: pd.DataFrame, full: bool, username: str) -> None:
    channels = ["All channels", *sorted(messages["channel_name"].unique())]
    channel = st.selectbox("Channel", channels, key="quote_channel")
    if channel != channels[0]:
        messages = messages[messages["channel_name"] == channel]
    labels = {
        f"{row.channel_id}/{row.ts}": f"{row.posted_at:%d %b %Y} · #{row.channel_name} · "
        f"{row.author}: {community_quotes.plain_text(row.message_text)[:100]}"
        for row in messages.itertuples()
    }
    chosen = st.selectbox(
        "Message (newest first; type to search)",
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder="Choose a message",
        key=f"quote_message_{channel}",
    )
    if chosen is not None:
        st.markdown(widgets.escape_markdown(community_quotes.plain_text(_text(messages, chosen))))
    if full:
        st.caption(f"{community_quotes.MAX_QUOTES} quotes are picked: remove one to pick another.")
    if st.button("Pick as a quote for the board", disabled=chosen is None or full):
        channel_id, ts = chosen.split("/", 1)
        _change(community_quotes.pick, channel_id, ts, username)


def _text(messages: pd.DataFrame, key: str) -> str:
    channel_id, ts = key.split("/", 1)
    found = messages[(messages["channel_id"] == channel_id) & (messages["ts"] == ts)]
    return str(found["message_text"].iloc[0])


def _change(action, channel_id: str, ts: str, username: str) -> None:
    """Pick or remove; the page reruns with the change, or shows why nothing changed."""
    try:
        done = action(cache.connection(), channel_id, ts, username)
    except community_quotes.QuoteRefused as refused:
        st.error(str(refused))
        return
    widgets.flash(done)
