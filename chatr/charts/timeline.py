"""Plotly figures of the rollout plan: cohorts per life stage, comms events, today."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from chatr.charts.style import (
    DARK_BLUE,
    DARK_GREY,
    DARK_PINK,
    FONT_SIZE,
    LIGHT_PURPLE,
    ON_COLOUR,
    ORANGE,
    TURQUOISE,
    WHITE,
    base_layout,
    merge_layouts,
    pattern,
    subtitle,
)
from chatr.filters import Filters
from chatr.reference import LIFE_STAGES

# Each status its own colour (the Analysis Function palette) and its own fill pattern, named in
# the legend: the colour is never the only difference. Cancelled cohorts are cross-hatched.
STATUS_COLOURS: dict[str, str] = {
    "planned": LIGHT_PURPLE,
    "running": ORANGE,
    "done": TURQUOISE,
    "evaluated": DARK_BLUE,
    "cancelled": DARK_GREY,
}
STATUS_PATTERNS: dict[str, str] = {
    "planned": ".",
    "running": "-",
    "done": "/",
    "evaluated": "",
    "cancelled": "x",
}
COMMS_SYMBOLS = {"show_and_tell": "star", "newsletter": "square", "service_leads": "diamond"}
# Sessions held (from attendance reports), on a row of their own: planned comms events are
# grey symbols, sessions that took place green hexagons.
SESSIONS_ROW = "Sessions held"
SESSION_SYMBOL = "hexagon"
SESSION_COLOUR = DARK_PINK
TODAY_COLOUR = "#B2182B"  # 6.9:1 against white: its label is words
PLACES_COLOUR = ORANGE
# Today is drawn as a line when it falls within this far of the plan, else as an arrow at its edge.
TODAY_REACH = timedelta(days=365)
AROUND = (timedelta(days=183), timedelta(days=548))  # before and after today
# Bars of several statuses share a row, so they overlay rather than stand side by side; no gap
# between the statuses in the legend. Anchor and domain: Plotly's defaults for one pair of axes.
BARS_LAYOUT = {
    "barmode": "overlay",
    "legend": {"tracegroupgap": 0},
    "xaxis": {"anchor": "y", "domain": [0.0, 1.0]},
    "yaxis": {"anchor": "x", "domain": [0.0, 1.0]},
}


def _day(value: object) -> date:
    return pd.Timestamp(value).date()


def _cohort_hover(plan: pd.DataFrame) -> list[str]:
    lines = []
    for row in plan.itertuples():
        people = row.people  # as the reader may see it: chatr.disclosure.plan_people
        where = f"<br>{row.location}" if isinstance(row.location, str) else ""
        lines.append(
            f"<b>{row.cohort_label}</b> · {row.status}<br>"
            f"{_day(row.start_date):%d %b %Y} – {_day(row.end_date):%d %b %Y}{where}"
            f"<br>{row.places} places · {people}"
        )
    return lines


def _rows(filters: Filters, events: pd.DataFrame) -> list[str]:
    """The y rows, bottom to top: the chosen life stages (last at the bottom), then one row per
    kind of comms event on top (events a few days apart would hide each other on one row)."""
    stages = list(filters.life_stages or LIFE_STAGES)
    return [*reversed(stages), *reversed(events["kind_label"].drop_duplicates().tolist())]


def _cohort_bars(plan: pd.DataFrame) -> list[dict[str, Any]]:
    """One bar trace per status (in legend order): each cohort from its start for its length
    in milliseconds, the date axis's unit."""
    start = pd.to_datetime(plan["start_date"])
    # Bars end at the end of the last day: a cohort ending on the 27th covers the 27th.
    end = pd.to_datetime(plan["end_date"]) + pd.Timedelta(days=1)
    bars = plan.assign(
        bar_start=start,
        bar_ms=(end - start) // pd.Timedelta(milliseconds=1),
        bar_text="#" + plan["cohort_number"].astype(str),
        hover=_cohort_hover(plan),
    )
    traces = []
    for status, colour in STATUS_COLOURS.items():
        group = bars[bars["status"] == status]
        if group.empty:
            continue
        traces.append(
            {
                "type": "bar",
                "name": status,
                "legendgroup": status,
                "showlegend": True,
                "base": group["bar_start"],
                "x": group["bar_ms"],
                "y": group["life_stage"],
                "xaxis": "x",
                "yaxis": "y",
                "orientation": "h",
                "text": group["bar_text"],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textangle": 0,  # never rotated: shrunk to fit a short bar instead
                "textfont": {"size": FONT_SIZE - 2, "color": ON_COLOUR[colour]},
                "customdata": [[hover] for hover in group["hover"]],
                "hovertemplate": "%{customdata[0]}<extra></extra>",
                "marker": {
                    "color": colour,
                    "line": {"width": 1, "color": WHITE},
                    "pattern": pattern(STATUS_PATTERNS[status]),
                },
            }
        )
    return traces


def _event_markers(events: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "type": "scatter",
            "x": pd.to_datetime(group["event_date"]),
            "y": group["kind_label"],
            "mode": "markers",
            "name": str(group["kind_label"].iloc[0]),
            "showlegend": False,  # each kind has its own labelled row
            "marker": {
                "symbol": COMMS_SYMBOLS.get(str(kind), "circle"),
                "size": 15,
                "color": "#4D4D4D",
                "line": {"width": 1, "color": "white"},
            },
            "customdata": [f"{d:%d %b %Y}" for d in pd.to_datetime(group["event_date"])],
            "text": group["title"],
            "hovertemplate": "<b>%{text}</b><br>%{customdata}<extra></extra>",
        }
        for kind, group in events.groupby("kind", sort=False)
    ]


def _session_markers(sessions: pd.DataFrame, show_counts: bool) -> list[dict[str, Any]]:
    """Each session held as a marker on its own row; its attendees in the hover when the reader
    may see them (leads and admins: a board member's counts go through chatr.community)."""
    if sessions.empty:
        return []
    days = pd.to_datetime(sessions["event_date"])
    counts = [f"<br>{int(n)} attendees" if show_counts else "" for n in sessions["n_attendees"]]
    return [
        {
            "type": "scatter",
            "x": days,
            "y": [SESSIONS_ROW] * len(sessions),
            "mode": "markers",
            "name": SESSIONS_ROW,
            "showlegend": False,
            "marker": {
                "symbol": SESSION_SYMBOL,
                "size": 18,
                "color": SESSION_COLOUR,
                "line": {"width": 1, "color": "white"},
            },
            "customdata": [f"{d:%d %b %Y}{c}" for d, c in zip(days, counts, strict=True)],
            "text": sessions["title"],
            "hovertemplate": "<b>%{text}</b><br>%{customdata}<extra></extra>",
        }
    ]


def _x_range(plan: pd.DataFrame, events: pd.DataFrame, today: date) -> tuple[date, date, bool]:
    """(first, last, today_shown): the plan's span with a margin, reaching today if near."""
    days = [_day(d) for d in (*plan["start_date"], *plan["end_date"], *events["event_date"])]
    first, last = (min(days), max(days)) if days else (today, today)
    near = first - TODAY_REACH <= today <= last + TODAY_REACH
    if near:
        first, last = min(first, today), max(last, today)
    margin = max((last - first) / 30, timedelta(days=7))
    return first - margin, last + margin, near


def _today_mark(today: date, last: date, shown: bool) -> dict[str, Any]:
    """Layout marking today: a dashed line and its label, or an arrow at the chart's edge."""
    label = f"Today {today:%d %b %Y}"
    layout: dict[str, Any] = {}
    if shown:
        layout["shapes"] = [
            {
                "type": "line",
                "x0": today,
                "x1": today,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": TODAY_COLOUR, "width": 3, "dash": "dash"},
            }
        ]
        x, xref, anchor = today, "x", "left"
    else:  # far after (or before) the plan: say where today is rather than squash the plan
        after = today > last
        label = f"{label} →" if after else f"← {label}"
        x, xref, anchor = (1, "paper", "right") if after else (0, "paper", "left")
    layout["annotations"] = [
        {
            "x": x,
            "xref": xref,
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "xanchor": anchor,
            "text": label,
            "showarrow": False,
            "font": {"color": TODAY_COLOUR, "size": FONT_SIZE - 2},
        }
    ]
    return layout


def _gantt_note(plan: pd.DataFrame, filters: Filters, period: str) -> str:
    """'1 cancelled (hatched); the plan is per life stage: ...; Jun 2026 to May 2028'."""
    n_cancelled = int((plan["status"] == "cancelled").sum()) if len(plan) else 0
    parts = [
        f"{n_cancelled} cancelled (hatched)" if n_cancelled else "",
        "the plan is per life stage: organisation filter n/a" if filters.organisations else "",
        period,
    ]
    return "; ".join(part for part in parts if part)


def rollout_gantt(
    plan: pd.DataFrame,
    events: pd.DataFrame,
    today: date,
    filters: Filters,
    around_today: bool = False,
    sessions: pd.DataFrame | None = None,
    session_counts: bool = False,
) -> go.Figure:
    """Cohorts per life stage coloured by status, comms events as milestones, and today;
    `around_today`: only the six months before today to eighteen after (the plan can span years).
    `sessions` (chatr.community.events): the Show & Tells and webinars held, on a row of their
    own, with their attendees in the hover only when `session_counts`.
    """
    sessions = sessions if sessions is not None else pd.DataFrame(columns=["event_date"])
    rows = _rows(filters, events) + ([SESSIONS_ROW] if len(sessions) else [])
    dated = events if sessions.empty else pd.concat([events, sessions], ignore_index=True)
    first, last, today_shown = _x_range(plan, dated, today)
    if around_today:
        first, last, today_shown = today - AROUND[0], today + AROUND[1], True
    # Life stages in bold (not in their colours: words need 4.5:1, which some colours lack).
    ticks = [f"<b>{r}</b>" if r in LIFE_STAGES else r for r in rows]
    period = f"{first:%b %Y} to {last:%b %Y}" if around_today else ""
    sub = subtitle(len(plan), "cohorts in the plan", filters, _gantt_note(plan, filters, period))
    layout = {
        "xaxis": {"type": "date", "range": [first, last], "showgrid": True},
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": rows,
            "tickvals": rows,
            "ticktext": ticks,
            "range": [-0.5, len(rows) - 0.5],
        },
        "showlegend": True,
        # Below the date ticks at any height: placed from the bottom of the whole figure.
        "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        "margin": {"b": 80},
        "bargap": 0.35,
    }
    bars = _cohort_bars(plan)
    frame = base_layout("Rollout plan: cohorts per life stage", sub, height=170 + 62 * len(rows))
    return go.Figure(
        data=[*bars, *_event_markers(events), *_session_markers(sessions, session_counts)],
        layout=merge_layouts(
            frame, BARS_LAYOUT if bars else {}, layout, _today_mark(today, last, today_shown)
        ),
    )
