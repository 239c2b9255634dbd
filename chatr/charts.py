"""Plotly figures for the dashboard: figures only, never Streamlit.

Every figure carries its n and the filters in force in its subtitle, in type large enough to
read on a projector, with one colour per life stage on every page. Each is built in one
`go.Figure(data=..., layout=...)` call from plain dicts: building it up with Plotly's update_*
and add_* methods took several times longer.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from chatr.filters import Filters
from chatr.reference import LIFE_STAGE_COLOURS
from chatr.suppression import MIN_CELL

TEXT_COLOUR = "#2A3F5F"
GRID_COLOUR = "#EBF0F8"
FONT_SIZE = 17
FONT = "Arial, Helvetica, sans-serif"
NEUTRAL = "#4C6A92"
INTEREST_COLOURS = {"Yes": "#1B7F5B", "Maybe": "#E0A526", "No": "#9AA0A6"}
MEAN_COLOUR = "#B2182B"
MEDIAN_COLOUR = "#2166AC"
NO_ANSWERS = "No answers for these filters"


def subtitle(n: int, unit: str, filters: Filters, note: str = "") -> str:
    """'n = 98 respondents answered · note', then the filters in force on a second line."""
    lines = [f"n = {n} {unit}", filters.describe()] + ([note] if note else [])
    return "<br>".join(lines)


TITLE_WIDTH = 44  # characters per title line: a half-width chart on a laptop or projector
LABEL_WIDTH = 20  # characters per line of a bar's name, leaving a half-width chart room for bars


def wrap(text: str, width: int) -> str:
    """The text in lines of at most `width` characters (words kept whole), joined by <br>."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _names_axis(names: pd.Series) -> dict[str, Any]:
    """A category axis showing long names over two or more lines (the data keep the names)."""
    return {"tickvals": list(names), "ticktext": [wrap(str(name), LABEL_WIDTH) for name in names]}


def _frame(title: str, sub: str, height: int = 420) -> dict[str, Any]:
    """The layout every figure shares: wrapped title, subtitle, fonts, margins and grid."""
    title_lines = textwrap.wrap(title, TITLE_WIDTH) or [title]
    grid = {
        "gridcolor": GRID_COLOUR,
        "linecolor": GRID_COLOUR,
        "zerolinecolor": GRID_COLOUR,
        "automargin": True,
    }
    return {
        "title": {
            "text": "<br>".join(title_lines),
            "x": 0.02,
            "xanchor": "left",
            "font": {"size": FONT_SIZE + 2},
            "subtitle": {"text": sub, "font": {"size": FONT_SIZE - 3}},
        },
        # An explicit empty template: the default ("plotly", or Streamlit's once it is imported)
        # costs ~30 ms per figure to validate and would restyle the charts.
        "template": {},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"family": FONT, "size": FONT_SIZE, "color": TEXT_COLOUR},
        "height": height + 24 * (len(title_lines) - 1),
        # Room above the plot for every title and subtitle line.
        "margin": {
            "l": 10,
            "r": 30,
            "t": 55 + 26 * len(title_lines) + 22 * (sub.count("<br>") + 1),
            "b": 40,
        },
        "showlegend": False,
        "xaxis": grid,
        "yaxis": grid,
    }


def _empty(text: str = NO_ANSWERS) -> dict[str, Any]:
    """The layout of a figure with nothing to show: the text in its middle, no axes."""
    return {
        "annotations": [
            {
                "text": text,
                "showarrow": False,
                "font": {"size": FONT_SIZE + 2},
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
            }
        ],
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
    }


def _layout(*parts: dict[str, Any]) -> dict[str, Any]:
    """The layouts merged left to right as successive update_layout calls would merge them:
    nested dicts key by key, shapes and annotations appended, any other value replaced."""
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            old = merged.get(key)
            if isinstance(old, dict) and isinstance(value, dict):
                merged[key] = _layout(old, value)
            elif key in ("shapes", "annotations") and old:
                merged[key] = [*old, *value]
            else:
                merged[key] = value
    return merged


def _labels(data: pd.DataFrame, label: Callable[[Any], str]) -> list[str]:
    """Each row's label, or its suppression mark ("<5", "hidden") for a viewer."""
    marks = data["suppressed"] if "suppressed" in data.columns else [""] * len(data)
    return [mark or label(row) for row, mark in zip(data.itertuples(), marks, strict=True)]


def _bars(
    data: pd.DataFrame,
    name: str,
    value: str,
    colours: dict[str, str] | None,
    label: Callable[[Any], str],
    hover: str,
) -> dict[str, Any]:
    """A horizontal bar of `value` per row, coloured by its `name`, labelled outside the bar."""
    return {
        "type": "bar",
        "x": data[value].fillna(0),
        "y": data[name],
        "orientation": "h",
        "marker": {"color": [(colours or {}).get(c, NEUTRAL) for c in data[name]]},
        "text": _labels(data, label),
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": hover,
    }


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
    bar = _bars(
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
    frame = _frame(title, subtitle(n, "respondents answered", filters, note), height)
    names = _names_axis(data[category])
    layout = _layout(frame, {"xaxis": axis, "yaxis": names}, _empty() if n == 0 else {})
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
        "text": _labels(data, lambda r: f"{r.n_respondents:.0f}"),
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
    frame = _frame(
        "How far is trauma-informed practice used? (0-10)",
        subtitle(n, "respondents answered", filters),
    )
    marks = _mean_and_median(mean, median)
    return go.Figure(data=[bar], layout=_layout(frame, marks, layout, _empty() if n == 0 else {}))


def _mean_and_median(mean: float | None, median: float | None) -> dict[str, Any]:
    """Layout of a dashed line at the mean and at the median, each labelled at its top: the
    lower one to the left of its line, the other to the right."""
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
                "line": {"color": colour, "width": 3, "dash": "dash"},
            }
            for (value, _, colour), _ in marked
        ],
        "annotations": [
            {
                "text": f"{label} {value:.1f}",
                "font": {"color": colour},
                "showarrow": False,
                **on_line,
                "x": value,
                "y": 1,
                "xanchor": anchor,
                "yanchor": "top",
            }
            for (value, label, colour), anchor in marked
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
    bar = _bars(
        data,
        group,
        "mean_score",
        colours,
        lambda r: f"{r.mean_score:.1f} (n={r.n_respondents:.0f})",
        "%{y}: mean %{x:.2f}, median %{customdata}<extra></extra>",
    ) | {"customdata": data["median_score"]}
    note = "one working in several stages counts in each" if colours else ""
    height = max(320, 110 + 48 * len(data))
    frame = _frame(title, subtitle(n, "respondents answered", filters, note), height)
    axis = {"title": {"text": "mean 0-10 use"}, "range": [0, 11]}
    names = _names_axis(data[group])
    layout = _layout(frame, {"xaxis": axis, "yaxis": names}, _empty() if data.empty else {})
    return go.Figure(data=[bar], layout=layout)


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


def tiles(values: Sequence[tuple[str, str]], title: str, sub: str = "") -> go.Figure:
    """Headline numbers as a grid of tiles (three per row): label above, value in large type."""
    per_row = 3
    rows = max(1, -(-len(values) // per_row))
    shapes, annotations = [], []
    for i, (label, value) in enumerate(values):
        row, col = divmod(i, per_row)
        x0, x1 = col / per_row + 0.01, (col + 1) / per_row - 0.01
        y1 = 1 - row / rows - 0.02
        y0 = 1 - (row + 1) / rows + 0.02
        paper = {"xref": "paper", "yref": "paper"}
        shapes.append(
            {
                "type": "rect",
                **paper,
                "x0": x0,
                "x1": x1,
                "y0": y0,
                "y1": y1,
                "line": {"color": GRID_COLOUR, "width": 2},
                "fillcolor": "#F7F9FC",
            }
        )
        middle = (x0 + x1) / 2
        for text, y, size in (
            ("<br>".join(textwrap.wrap(label, 24)), y1 - 0.05, FONT_SIZE),
            (f"<b>{value}</b>", (y0 + y1) / 2 - 0.04, FONT_SIZE * 2.6),
        ):
            annotations.append(
                {
                    "text": text,
                    "x": middle,
                    "y": y,
                    **paper,
                    "showarrow": False,
                    "xanchor": "center",
                    "yanchor": "top" if y > (y0 + y1) / 2 else "middle",
                    "font": {"size": size, "color": TEXT_COLOUR},
                }
            )
    layout = {
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
    }
    return go.Figure(data=[], layout=_layout(_frame(title, sub, 160 + 170 * rows), layout))


def withheld(title: str, filters: Filters) -> go.Figure:
    """A chart the board may not see: fewer than the threshold answered."""
    text = f"Fewer than {MIN_CELL} answered: not shown, to protect their identity"
    sub = f"n < {MIN_CELL}<br>{filters.describe()}"
    return go.Figure(data=[], layout=_layout(_frame(title, sub, 300), _empty(text)))
