"""System baseline figures: shares per answer, the 0-10 use of the approach, use by group."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from chatr.charts.style import (
    DARK_BLUE,
    DARK_PINK,
    MEAN_COLOUR,
    MEDIAN_COLOUR,
    NEUTRAL,
    TEXT_COLOUR,
    TURQUOISE,
    bar_labels,
    base_layout,
    empty_layout,
    hbar_trace,
    merge_layouts,
    names_axis,
    subtitle,
)
from chatr.filters import Filters
from chatr.reference import LIFE_STAGE_COLOURS
from chatr.suppression import MIN_CELL

INTEREST_COLOURS = {"Yes": DARK_BLUE, "Maybe": TURQUOISE, "No": DARK_PINK}
DASHES = {"mean": "dash", "median": "dot"}  # told apart by line style and label, not colour alone


def share_bars(
    data: pd.DataFrame,
    category: str,
    title: str,
    n: int,
    filters: Filters,
    colours: dict[str, str] | None = None,
    note: str = "",
) -> go.Figure:
    """Horizontal bars of pct_of_respondents per category, labelled '48% (48)'."""
    data = data.iloc[::-1]  # plotly draws the first row at the bottom
    bar = hbar_trace(
        data,
        category,
        "pct_of_respondents",
        colours,
        lambda r: f"{r.pct_of_respondents:.0f}% ({r.n_respondents:.0f})",
        "%{y}: %{x:.1f}% of respondents<extra></extra>",
    )
    # Room on the right for the outside labels.
    top = float(data["pct_of_respondents"].max()) if len(data) else 0
    axis = {
        "title": {"text": "% of respondents"},
        "ticksuffix": "%",
        "range": [0, max(top, 1) * 1.3],
    }
    height = max(320, 110 + 48 * len(data))
    frame = base_layout(title, subtitle(n, "respondents answered", filters, note), height)
    names = names_axis(data[category])
    layout = merge_layouts(frame, {"xaxis": axis, "yaxis": names}, empty_layout() if n == 0 else {})
    return go.Figure(data=[bar], layout=layout)


def practice_use_histogram(
    data: pd.DataFrame, n: int, mean: float | None, median: float | None, filters: Filters
) -> go.Figure:
    """Respondents per 0-10 score, with the mean and median marked."""
    bar = {
        "type": "bar",
        "x": data["practice_use_score"],
        "y": data["n_respondents"].fillna(0),
        "marker": {"color": NEUTRAL},
        "text": bar_labels(data, lambda r: f"{r.n_respondents:.0f}"),
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "Score %{x}: %{y} respondents<extra></extra>",
    }
    layout = {
        "xaxis": {
            "title": {"text": "0 = not at all · 10 = fully part of my practice"},
            "dtick": 1,
            "range": [-0.6, 10.6],
        },
        # Headroom above the bars for the mean and median labels.
        "yaxis": {
            "title": {"text": "respondents"},
            "range": [0, max(float(data["n_respondents"].max()), 1) * 1.35],
        },
    }
    frame = base_layout(
        "How far is trauma-informed practice used? (0-10)",
        subtitle(n, "respondents answered", filters),
    )
    marks = _mean_and_median(mean, median)
    return go.Figure(
        data=[bar], layout=merge_layouts(frame, marks, layout, empty_layout() if n == 0 else {})
    )


def _mean_and_median(mean: float | None, median: float | None) -> dict[str, Any]:
    """Layout of a dashed line at the mean and a dotted one at the median, each labelled at its
    top in the text colour (the line's colour is under 4.5:1 for words): the lower one to the
    left of its line, the other to the right."""
    lines = sorted(
        [
            (v, label, c)
            for v, label, c in ((mean, "mean", MEAN_COLOUR), (median, "median", MEDIAN_COLOUR))
            if v is not None
        ]
    )
    marked = list(zip(lines, ("right", "left"), strict=False))  # the label's anchor
    on_line = {"xref": "x", "yref": "y domain"}
    return {
        "shapes": [
            {
                "type": "line",
                **on_line,
                "x0": value,
                "x1": value,
                "y0": 0,
                "y1": 1,
                "line": {"color": colour, "width": 3, "dash": DASHES[label]},
            }
            for (value, label, colour), _ in marked
        ],
        "annotations": [
            {
                "text": f"{label} {value:.1f}",
                "font": {"color": TEXT_COLOUR},
                "showarrow": False,
                **on_line,
                "x": value,
                "y": 1,
                "xanchor": anchor,
                "yanchor": "top",
            }
            for (value, label, _), anchor in marked
        ],
    }


def mean_by_group(
    data: pd.DataFrame,
    group: str,
    title: str,
    n: int,
    filters: Filters,
    colours: dict[str, str] | None = None,
) -> go.Figure:
    """Mean 0-10 use per group (life stage or organisation), each bar labelled with its n."""
    data = data[data["n_respondents"].fillna(1) > 0].iloc[::-1]  # hidden (NaN) rows stay
    bar = hbar_trace(
        data,
        group,
        "mean_score",
        colours,
        lambda r: f"{r.mean_score:.1f} (n={r.n_respondents:.0f})",
        "%{y}: %{customdata}<extra></extra>",
    ) | {"customdata": [_mean_hover(row) for row in data.itertuples()]}
    note = "one working in several stages counts in each" if colours else ""
    height = max(320, 110 + 48 * len(data))
    frame = base_layout(title, subtitle(n, "respondents answered", filters, note), height)
    axis = {"title": {"text": "mean 0-10 use"}, "range": [0, 11]}
    names = names_axis(data[group])
    layout = merge_layouts(
        frame, {"xaxis": axis, "yaxis": names}, empty_layout() if data.empty else {}
    )
    return go.Figure(data=[bar], layout=layout)


def _mean_hover(row) -> str:
    """A group's mean and median, or why they are not shown (its bar is drawn at 0)."""
    if pd.isna(row.mean_score):
        return f"not shown: fewer than {MIN_CELL} answered"
    return f"mean {row.mean_score:.2f}, median {row.median_score:g}"


def interest_bars(data: pd.DataFrame, n: int, filters: Filters) -> go.Figure:
    """Yes / Maybe / No to joining a development programme."""
    return share_bars(
        data,
        "interest",
        "Interested in joining a development programme?",
        n,
        filters,
        INTEREST_COLOURS,
    )


def life_stage_bars(data: pd.DataFrame, n: int, filters: Filters) -> go.Figure:
    """% of respondents working in each life stage (multi-select)."""
    return share_bars(
        data,
        "life_stage",
        "Which life stages do respondents work in?",
        n,
        filters,
        LIFE_STAGE_COLOURS,
        note="several could be chosen, so shares add up to more than 100%",
    )
