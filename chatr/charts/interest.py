"""Plotly figures of demand for training: people interested against places planned."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from chatr.charts.style import NEUTRAL, bar_labels, base_layout, merge_layouts, pattern, subtitle
from chatr.charts.timeline import PLACES_COLOUR
from chatr.filters import Filters


def demand_bars(
    demand: pd.DataFrame, n: int, filters: Filters, answers: Sequence[str]
) -> go.Figure:
    """People interested per life stage beside the places in its next planned cohort."""
    data = demand.iloc[::-1]  # plotly draws the first row at the bottom
    planned = data["next_places"].notna()
    interested = {
        "type": "bar",
        "name": "People interested",
        "y": data["life_stage"],
        "x": data["n_interested"].fillna(0),
        "orientation": "h",
        # One colour for the people, another for the places (the Analysis Function's pair with
        # the most contrast), each bar labelled: a life stage's own colour could match the places.
        "marker": {"color": NEUTRAL},
        "text": bar_labels(data, lambda r: f"{r.n_interested:.0f} interested"),
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x} people interested<extra></extra>",
    }
    places_text = [
        f"{int(p)} places: {label}, {pd.Timestamp(d):%d %b %Y}" if ok else "no cohort planned"
        for ok, p, label, d in zip(
            planned, data["next_places"], data["next_cohort_label"], data["next_start_date"],
            strict=True,
        )
    ]  # fmt: skip
    places = {
        "type": "bar",
        "name": "Places in the next planned cohort",
        "y": data["life_stage"],
        "x": data["next_places"].fillna(0).astype(int),
        "orientation": "h",
        "marker": {"color": PLACES_COLOUR, "pattern": pattern("/")},
        "text": places_text,
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    top = max([1, *data["n_interested"].fillna(0), *data["next_places"].fillna(0)])
    note = f"answers: {', '.join(answers)}; one working in several stages counts in each"
    sub = subtitle(n, "people interested", filters, note)
    layout = {
        "xaxis": {"title": {"text": "people / places"}, "range": [0, top * 1.6]},
        "height": max(360, 170 + 90 * len(data)),
        "barmode": "group",
    }
    frame = base_layout("People interested against places in the next cohort", sub)
    return go.Figure(data=[interested, places], layout=merge_layouts(frame, layout))
