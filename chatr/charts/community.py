"""Community of Practice and sessions figures: activity per month, threads per channel, links,
cohort retention, attendance over time, repeat attendees, attendees by organisation and stage.

Every figure takes its tables as the reader may see them (for the board, counts of people
already withheld, with a `suppressed` column of marks) and states its n. Slack and meeting
reports know no life stage or organisation: their figures say the filters do not apply.
Figures only, never Streamlit.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from chatr.charts.style import (
    DARK_BLUE,
    DARK_PINK,
    FONT_SIZE,
    ON_COLOUR,
    TURQUOISE,
    bar_labels,
    base_layout,
    empty_layout,
    hbar_trace,
    merge_layouts,
    names_axis,
    pattern,
    subtitle,
)
from chatr.charts.timeline import COMMS_SYMBOLS
from chatr.filters import NO_FILTERS, Filters

# The Analysis Function's accessible palette in its order (chatr.charts.style); series side by
# side or stacked also differ by a fill pattern (SERIES_PATTERNS), never by colour alone.
POSTS_COLOUR = DARK_BLUE
REPLIES_COLOUR = TURQUOISE
ACTIVE_COLOUR = DARK_PINK
PORTAL_COLOUR = DARK_BLUE
EXTERNAL_COLOUR = TURQUOISE
SESSION_COLOUR = DARK_PINK
# Participants, then those in the community, then those active.
RETENTION_COLOURS = {
    "Participants": DARK_BLUE,
    "In the community": TURQUOISE,
    "Active within 90 days after the end": DARK_PINK,
}
SERIES_PATTERNS = {
    "Posts": "",
    "Replies in threads": "/",
    "Participants": "",
    "In the community": "/",
    "Active within 90 days after the end": ".",
}
NOT_FILTERED = "the sidebar filters do not apply: Slack and meeting reports hold no life stage"
SESSION_DAYS = 6  # a session's bar is this many days wide, to be seen over a year of dates
DAY_MS = 86_400_000
NO_DATA = "Nothing loaded yet"
# Labels above narrow bars keep the chart's type size (Plotly would shrink them to the bar).
FULL_SIZE_TEXT = {"constraintext": "none", "textfont": {"size": FONT_SIZE - 1}}


def unfiltered_subtitle(n: int | str, unit: str, filters: Filters, note: str = "") -> str:
    """The subtitle of a figure the filters do not apply to: every life stage and organisation,
    saying so when the reader has chosen a filter."""
    notes = [NOT_FILTERED if filters != NO_FILTERS else "", note]
    return subtitle(n, unit, NO_FILTERS, "; ".join(part for part in notes if part))


def month_label(month: str) -> str:
    """'2021-03' as 'Mar 2021'."""
    return f"{pd.Timestamp(month + '-01'):%b %Y}"


def activity(months: pd.DataFrame, n_messages: int, unit: str, filters: Filters) -> go.Figure:
    """Messages per month (posts and replies stacked) above the members who posted each month.
    `months`: community.by_month, n_active_members withheld where the reader may not see it;
    `unit`: what n counts, e.g. 'messages from 26 members'."""
    labels = [month_label(m) for m in months["month"]]
    top = max([1, *months["n_messages"]])
    top_active = max([1, *months["n_active_members"].fillna(0)])
    panel = {"xref": "paper", "yref": "paper", "x": 0, "xanchor": "left", "showarrow": False}
    layout = {
        "barmode": "stack",
        "showlegend": True,
        # Below the month names, placed from the bottom of the whole figure.
        "legend": {"orientation": "h", "traceorder": "normal", "yref": "container", "y": 0,
                   "yanchor": "bottom", "x": 0},
        "margin": {"b": 80},
        "xaxis": {"anchor": "y", "domain": [0, 1], "type": "category"},
        "xaxis2": {"anchor": "y2", "matches": "x", "showticklabels": False, "type": "category"},
        "yaxis": {"anchor": "x", "domain": [0, 0.3], "range": [0, top_active * 1.35]},
        "yaxis2": {"anchor": "x2", "domain": [0.42, 0.9], "range": [0, top * 1.2]},
        "annotations": [
            panel | {"y": 0.92, "yanchor": "bottom", "text": "Messages per month"},
            panel | {"y": 0.32, "yanchor": "bottom", "text": "Members who posted that month"},
        ],
    }  # fmt: skip
    sub = unfiltered_subtitle(n_messages, unit, filters)
    frame = base_layout("Community of Practice: messages and members posting", sub, 560)
    empty = empty_layout(NO_DATA) if months.empty else {}
    traces = [*_message_bars(labels, months, top), _member_bars(labels, months)]
    return go.Figure(data=traces, layout=merge_layouts(frame, layout, empty))


def _message_bars(labels: list[str], months: pd.DataFrame, top: int) -> list[dict[str, Any]]:
    """Posts and replies stacked on the upper axes, each month's total above them."""

    def inside(counts: pd.Series) -> list[str]:
        # A segment too short for its number leaves it to the hover (and the total above).
        return [str(n) if n >= top / 10 else "" for n in counts]

    bar = {"type": "bar", "x": labels, "xaxis": "x2", "yaxis": "y2", "textposition": "inside",
           "textangle": 0, "insidetextanchor": "middle"}  # fmt: skip
    parts = {
        "Posts": (months["n_messages"] - months["n_replies"], POSTS_COLOUR, "posts"),
        "Replies in threads": (months["n_replies"], REPLIES_COLOUR, "replies"),
    }
    stacked = [
        bar | {"name": name, "y": counts, "text": inside(counts),
               "marker": {"color": colour, "pattern": pattern(SERIES_PATTERNS[name]),
                          "line": {"color": "white", "width": 1}},
               "textfont": {"color": ON_COLOUR[colour]},
               "hovertemplate": f"%{{x}}: %{{y}} {what}<extra></extra>"}
        for name, (counts, colour, what) in parts.items()
    ]  # fmt: skip
    totals = {
        "type": "scatter", "mode": "text", "x": labels, "y": months["n_messages"],
        "text": [f"<b>{n}</b>" for n in months["n_messages"]], "textposition": "top center",
        "xaxis": "x2", "yaxis": "y2", "showlegend": False, "hoverinfo": "skip",
        "cliponaxis": False,
    }  # fmt: skip
    return [*stacked, totals]


def _member_bars(labels: list[str], months: pd.DataFrame) -> dict[str, Any]:
    """Members who posted each month on the lower axes, '<5' where withheld."""
    return {
        "type": "bar", "name": "Members who posted", "x": labels,
        "y": months["n_active_members"].fillna(0),
        "marker": {"color": ACTIVE_COLOUR, "pattern": pattern(".")},  # dotted: not the posts
        "text": bar_labels(months, lambda r: f"{r.n_active_members:.0f}"),
        "textposition": "outside", "cliponaxis": False, **FULL_SIZE_TEXT,
        "hovertemplate": "%{x}: %{text} members posted<extra></extra>",
    }  # fmt: skip


def threads_by_channel(channels: pd.DataFrame, filters: Filters) -> go.Figure:
    """Conversation threads per Slack channel, most first, each with its messages."""
    data = channels.sort_values("n_threads", kind="stable").reset_index(drop=True)
    data["channel"] = "#" + data["channel_name"]
    bar = hbar_trace(
        data, "channel", "n_threads", None,
        lambda r: f"{r.n_threads}",
        "%{y}: %{x} threads, %{customdata} messages<extra></extra>",
    ) | {"customdata": data["n_messages"]}  # fmt: skip
    top = max([1, *data["n_threads"]])
    layout = {
        "xaxis": {"title": {"text": "threads (messages with a reply)"}, "range": [0, top * 1.25]},
        "yaxis": names_axis(data["channel"]),
    }
    sub = unfiltered_subtitle(int(data["n_threads"].sum()), "threads", filters)
    frame = base_layout("Conversations per channel", sub, max(320, 110 + 48 * len(data)))
    empty = empty_layout(NO_DATA) if data.empty else {}
    return go.Figure(data=[bar], layout=merge_layouts(frame, layout, empty))


def links_shared(n_portal: int, n_external: int, filters: Filters) -> go.Figure:
    """Links shared in messages: to the programme's resource portal against elsewhere."""
    n = n_portal + n_external
    data = pd.DataFrame(
        {"where": ["Elsewhere", "Resource portal"], "n_links": [n_external, n_portal]}
    )
    bar = hbar_trace(
        data, "where", "n_links", {"Resource portal": PORTAL_COLOUR, "Elsewhere": EXTERNAL_COLOUR},
        lambda r: f"{r.n_links} ({100 * r.n_links / n:.0f}%)" if n else "0",
        "%{y}: %{x} links<extra></extra>",
    )  # fmt: skip
    layout = {
        "xaxis": {"title": {"text": "links"}, "range": [0, max(1, n_portal, n_external) * 1.5]}
    }
    sub = unfiltered_subtitle(n, "links shared in messages", filters)
    frame = base_layout("Links shared: the resource portal or elsewhere", sub, 320)
    return go.Figure(data=[bar], layout=merge_layouts(frame, layout))


def retention(long: pd.DataFrame, n_participants: int, filters: Filters, note: str) -> go.Figure:
    """Per cohort: participants, those in the community, those active within 90 days after the
    cohort ended. `long`: one row per cohort and measure (cohort_label, measure, n_people,
    suppressed)."""
    cohorts = list(dict.fromkeys(long["cohort_label"]))[::-1]  # first cohort on top
    traces = []
    for measure, colour in reversed(RETENTION_COLOURS.items()):  # legend and bars top down
        rows = long[long["measure"] == measure]
        traces.append(
            {
                "type": "bar", "orientation": "h", "name": measure, "y": rows["cohort_label"],
                "x": rows["n_people"].fillna(0),
                "marker": {"color": colour, "pattern": pattern(SERIES_PATTERNS[measure])},
                "text": bar_labels(rows, lambda r: f"{r.n_people:.0f}"),
                "textposition": "outside", "cliponaxis": False, **FULL_SIZE_TEXT,
                "hovertemplate": f"%{{y}}: %{{text}} {measure.lower()}<extra></extra>",
            }
        )  # fmt: skip
    top = max([1, *long["n_people"].fillna(0)])
    layout = {
        "barmode": "group",
        "showlegend": True,
        "legend": {"orientation": "h", "traceorder": "reversed", "yref": "container", "y": 0,
                   "yanchor": "bottom", "x": 0},
        "margin": {"b": 90},
        "xaxis": {"title": {"text": "participants"}, "range": [0, top * 1.25]},
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": cohorts},
    }  # fmt: skip
    sub = subtitle(n_participants, "participants of trained cohorts", filters, note)
    frame = base_layout(
        "Did trained cohorts join the community?", sub, max(360, 200 + 110 * len(cohorts))
    )
    empty = empty_layout("No cohort with participants in these filters") if long.empty else {}
    return go.Figure(data=traces, layout=merge_layouts(frame, layout, empty))


def sessions(
    events: pd.DataFrame, comms: pd.DataFrame, n_people: str, filters: Filters
) -> go.Figure:
    """Attendees per Show & Tell or webinar over time, above the communications events.
    `events`: community.events with `hover` (what the reader may see of each) and n_attendees
    withheld where the reader may not see it; `comms`: rollout.comms_events."""
    dates = pd.to_datetime(events["event_date"])
    bars = {
        "type": "bar", "name": "Attendees", "x": dates - pd.Timedelta(days=SESSION_DAYS / 2),
        "y": events["n_attendees"].fillna(0), "width": SESSION_DAYS * DAY_MS, "offset": 0,
        "marker": {"color": SESSION_COLOUR}, "xaxis": "x2", "yaxis": "y2",
        "text": bar_labels(events, lambda r: f"{r.n_attendees:.0f}"),
        "textposition": "outside", "cliponaxis": False, **FULL_SIZE_TEXT,
        "customdata": events["hover"], "hovertemplate": "%{customdata}<extra></extra>",
    }  # fmt: skip
    rows = comms["kind_label"].drop_duplicates().tolist()
    days = [*dates, *pd.to_datetime(comms["event_date"])]
    first, last = (min(days), max(days)) if days else (pd.Timestamp.now(), pd.Timestamp.now())
    margin = max((last - first) / 25, pd.Timedelta(days=10))
    top = max([1, *events["n_attendees"].fillna(0)])
    panel = {"xref": "paper", "yref": "paper", "x": 0, "xanchor": "left", "showarrow": False}
    layout = {
        "xaxis": {"anchor": "y", "type": "date", "range": [first - margin, last + margin]},
        "xaxis2": {"anchor": "y2", "matches": "x", "showticklabels": False, "type": "date"},
        "yaxis": {"anchor": "x", "domain": [0, 0.26], "type": "category",
                  "categoryarray": rows, "range": [-0.6, len(rows) - 0.4]},
        "yaxis2": {"anchor": "x2", "domain": [0.38, 0.9], "range": [0, top * 1.3],
                   "title": {"text": "attendees"}},
        "annotations": [
            panel | {"y": 0.92, "yanchor": "bottom", "text": "Attendees per session"},
            panel | {"y": 0.28, "yanchor": "bottom",
                     "text": "Communications events (from the rollout plan)"},
        ],
    }  # fmt: skip
    n_sessions = len(events)
    sub = unfiltered_subtitle(n_sessions, f"sessions, {n_people} people", filters)
    frame = base_layout("Show & Tells and webinars: who came", sub, 540)
    empty = empty_layout(NO_DATA) if events.empty else {}
    return go.Figure(
        data=[bars, *_comms_markers(comms)], layout=merge_layouts(frame, layout, empty)
    )


def _comms_markers(comms: pd.DataFrame) -> list[dict[str, Any]]:
    """The communications events on the lower axes, one row per kind (as on the gantt)."""
    return [
        {
            "type": "scatter", "mode": "markers", "x": pd.to_datetime(group["event_date"]),
            "y": group["kind_label"], "name": str(group["kind_label"].iloc[0]),
            "showlegend": False, "text": group["title"],
            "marker": {"symbol": COMMS_SYMBOLS.get(str(kind), "circle"), "size": 13,
                       "color": "#4D4D4D"},
            "hovertemplate": "<b>%{text}</b><br>%{x|%d %b %Y}<extra></extra>",
        }
        for kind, group in comms.groupby("kind", sort=False)
    ]  # fmt: skip


def repeat_attendance(table: pd.DataFrame, n_people: str, filters: Filters) -> go.Figure:
    """People by how many sessions they came to. `table`: community.repeat_attendees, small
    cells withheld for the board."""
    labels = [f"{n} session{'s' if n != 1 else ''}" for n in table["n_sessions"]]
    bar = {
        "type": "bar", "x": labels, "y": table["n_attendees"].fillna(0),
        "marker": {"color": SESSION_COLOUR},
        "text": bar_labels(table, lambda r: f"{r.n_attendees:.0f}"),
        "textposition": "outside", "cliponaxis": False, **FULL_SIZE_TEXT,
        "hovertemplate": "%{x}: %{text} people<extra></extra>",
    }  # fmt: skip
    top = max([1, *table["n_attendees"].fillna(0)])
    layout = {
        "xaxis": {"type": "category", "title": {"text": "sessions attended"}},
        "yaxis": {"title": {"text": "people"}, "range": [0, top * 1.3]},
    }
    sub = unfiltered_subtitle(n_people, "people at one or more sessions", filters)
    frame = base_layout("How many sessions did people come to?", sub, 360)
    empty = empty_layout(NO_DATA) if table.empty else {}
    return go.Figure(data=[bar], layout=merge_layouts(frame, layout, empty))


def attendees_by_group(
    table: pd.DataFrame,
    group: str,
    title: str,
    n: int,
    filters: Filters,
    colours: dict[str, str] | None = None,
    note: str = "",
) -> go.Figure:
    """Attendees matched to baseline respondents: % per organisation type or life stage,
    labelled '40% (6)'. `table`: pct_of_attendees and n_attendees per `group`."""
    data = table.iloc[::-1]  # plotly draws the first row at the bottom
    bar = hbar_trace(
        data, group, "pct_of_attendees", colours,
        lambda r: f"{r.pct_of_attendees:.0f}% ({r.n_attendees:.0f})",
        "%{y}: %{x:.0f}% of attendees matched<extra></extra>",
    )  # fmt: skip
    top = float(data["pct_of_attendees"].max()) if data["pct_of_attendees"].notna().any() else 0
    axis = {"title": {"text": "% of attendees"}, "ticksuffix": "%", "range": [0, max(top, 1) * 1.4]}
    sub = subtitle(n, "attendees who answered the baseline survey", filters, note)
    frame = base_layout(title, sub, max(320, 110 + 48 * len(data)))
    empty = empty_layout("No attendee matched a survey respondent") if n == 0 else {}
    layout = merge_layouts(frame, {"xaxis": axis, "yaxis": names_axis(data[group])}, empty)
    return go.Figure(data=[bar], layout=layout)
