"""The one chart look every figure shares: fonts, colours, titles with n and filters, layouts.

Every figure carries its n and the filters in force in its subtitle, in type large enough to
read on a projector, with one colour per life stage on every page. Each is built in one
`go.Figure(data=..., layout=...)` call from plain dicts: building it up with Plotly's update_*
and add_* methods took several times longer. Figures only, never Streamlit.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from chatr.filters import Filters
from chatr.suppression import MIN_CELL

# The theme's text colour (.streamlit/config.toml, GOV.UK's): 19.6:1 against white.
TEXT_COLOUR = "#0B0C0C"
WHITE = "#FFFFFF"

GRID_COLOUR = "#EBF0F8"  # decoration only: every bar and point carries its number

FONT_SIZE = 17

FONT = "Arial, Helvetica, sans-serif"

# The UK Government Analysis Function's accessible categorical palette, used in its order: each
# colour is at least 3:1 against white and against the next one, and it stays apart for the
# common colour-vision deficiencies (tests/unit/test_accessibility_colours.py checks the ratios).
DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"
CATEGORICAL = (DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE)
# Words drawn on a bar: white on the dark colours, the text colour on the lighter ones (each at
# least 4.5:1).
ON_COLOUR = {
    DARK_BLUE: WHITE,
    TURQUOISE: TEXT_COLOUR,
    DARK_PINK: WHITE,
    ORANGE: TEXT_COLOUR,
    DARK_GREY: WHITE,
    LIGHT_PURPLE: TEXT_COLOUR,
}

# One series alone: the palette's first colour, as the Analysis Function advises.
NEUTRAL = DARK_BLUE

# Lines over the dark blue bars: each 3:1 against white and against the bars, and labelled.
MEAN_COLOUR = ORANGE

MEDIAN_COLOUR = TURQUOISE


def pattern(shape: str) -> dict[str, Any]:
    """A bar's fill pattern (thin white marks over its colour), so that series drawn side by
    side or stacked differ by more than colour ('' = solid)."""
    return {
        "shape": shape,
        "fillmode": "overlay",  # over the bar's colour ("replace" would leave white on nothing)
        "fgcolor": WHITE,
        "fgopacity": 0.6,
        "size": 8,
        "solidity": 0.25,
    }


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


def names_axis(names: pd.Series) -> dict[str, Any]:
    """A category axis showing long names over two or more lines (the data keep the names)."""
    return {"tickvals": list(names), "ticktext": [wrap(str(name), LABEL_WIDTH) for name in names]}


def base_layout(title: str, sub: str, height: int = 420) -> dict[str, Any]:
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
        # The chart toolbar's icons at 7:1 (Plotly's own grey is about 1.6:1 on white).
        "modebar": {"color": "#505A5F", "activecolor": TEXT_COLOUR, "bgcolor": WHITE},
    }


def empty_layout(text: str = NO_ANSWERS) -> dict[str, Any]:
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


def merge_layouts(*parts: dict[str, Any]) -> dict[str, Any]:
    """The layouts merged left to right as successive update_layout calls would merge them:
    nested dicts key by key, shapes and annotations appended, any other value replaced."""
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            old = merged.get(key)
            if isinstance(old, dict) and isinstance(value, dict):
                merged[key] = merge_layouts(old, value)
            elif key in ("shapes", "annotations") and old:
                merged[key] = [*old, *value]
            else:
                merged[key] = value
    return merged


def bar_labels(data: pd.DataFrame, label: Callable[[Any], str]) -> list[str]:
    """Each row's label, or its suppression mark ("<5", "hidden") for a viewer."""
    marks = data["suppressed"] if "suppressed" in data.columns else [""] * len(data)
    return [mark or label(row) for row, mark in zip(data.itertuples(), marks, strict=True)]


def hbar_trace(
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
        "text": bar_labels(data, label),
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": hover,
    }


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
        # The same pairs as data, for the table beside the chart (chatr.charts.table).
        "meta": {"tiles": [[label, value] for label, value in values]},
    }
    return go.Figure(
        data=[], layout=merge_layouts(base_layout(title, sub, 160 + 170 * rows), layout)
    )


def withheld(title: str, filters: Filters) -> go.Figure:
    """A chart the board may not see: fewer than the threshold answered."""
    text = f"Fewer than {MIN_CELL} answered: not shown, to protect their identity"
    sub = f"n < {MIN_CELL}<br>{filters.describe()}"
    return go.Figure(
        data=[], layout=merge_layouts(base_layout(title, sub, 300), empty_layout(text))
    )
