"""Change between two survey waves: each question by wave side by side, the change in mean 0-10
use by group with its 95% confidence interval, and the trained against the others.

Waves are told apart by colour, fill pattern and name on every bar (never colour alone); the
tables given are already as the reader may see them (chatr.disclosure). Figures only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from chatr.charts.style import (
    DARK_BLUE,
    DARK_GREY,
    MEAN_COLOUR,
    TEXT_COLOUR,
    TURQUOISE,
    bar_labels,
    base_layout,
    empty_layout,
    merge_layouts,
    names_axis,
    pattern,
    subtitle,
)
from chatr.filters import Filters
from chatr.suppression import MIN_CELL

# Plain lists in every trace: Plotly sends numpy arrays as base64 typed arrays, out of sight of
# a check of what a board member's browser receives (tests/app/test_board_specs.py).
# The earlier wave solid dark blue, the later turquoise with diagonal lines.
WAVE_COLOURS = (DARK_BLUE, TURQUOISE)
WAVE_PATTERNS = ("", "/")
WAVE_DASHES = ("dash", "dot")
NOT_SHOWN = f"not shown: fewer than {MIN_CELL} answered"


def wave_n(counts: Sequence[tuple[str, object]]) -> str:
    """'98 (Baseline Oct 2020) and 97 (Follow-up Nov 2021)': each wave's n, named."""
    return " and ".join(f"{n} ({label})" for label, n in counts)


LEGEND_PX = 64  # room for the waves' legend (two rows in a half-width chart) at the bottom


def _legend(frame: dict[str, Any]) -> dict[str, Any]:
    """The waves' legend at the foot of the figure, under the axis title, in room of its own
    (above the plot it would run into the subtitle when it wraps)."""
    return {
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0,
            "xref": "container",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
        },
        "margin": frame["margin"] | {"b": frame["margin"]["b"] + LEGEND_PX},
        "height": frame["height"] + LEGEND_PX,
    }


def _wave_marker(i: int) -> dict[str, Any]:
    return {"color": WAVE_COLOURS[i % 2], "pattern": pattern(WAVE_PATTERNS[i % 2])}


def shares_by_wave(
    data: pd.DataFrame,
    category: str,
    title: str,
    counts: Sequence[tuple[str, object]],
    filters: Filters,
    note: str = "",
) -> go.Figure:
    """Horizontal bars of pct_of_respondents per category, one bar per wave (column `wave`,
    earliest first), each labelled with its share (the wave by its pattern and the legend)."""
    labels = [label for label, _ in counts]
    order = list(dict.fromkeys(data[category]))[::-1]  # plotly draws the first at the bottom
    traces = []
    for i, label in enumerate(labels):
        rows = data[data["wave"] == label].set_index(category).reindex(order).reset_index()
        traces.append(
            {
                "type": "bar",
                "name": label,
                "orientation": "h",
                "x": rows["pct_of_respondents"].fillna(0).tolist(),
                "y": rows[category].tolist(),
                "marker": _wave_marker(i),
                "text": bar_labels(
                    rows,
                    lambda r: f"{r.pct_of_respondents:.0f}% ({r.n_respondents:.0f})",
                ),
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": f"{label} · %{{y}}: %{{x:.0f}}% of respondents<extra></extra>",
            }
        )
    top = float(data["pct_of_respondents"].max()) if data["pct_of_respondents"].notna().any() else 0
    axis = {
        "title": {"text": "% of respondents"},
        "ticksuffix": "%",
        "range": [0, max(top, 1) * 1.35],
    }
    height = max(360, 120 + 34 * len(order) * len(labels))
    frame = base_layout(
        title, subtitle(wave_n(counts), "respondents answered", filters, note), height
    )
    layout = merge_layouts(
        frame,
        _legend(frame),
        {"barmode": "group", "xaxis": axis, "yaxis": names_axis(pd.Series(order))},
        empty_layout() if data.empty else {},
    )
    return go.Figure(data=traces, layout=layout)


def distribution_by_wave(
    data: pd.DataFrame,
    means: Sequence[tuple[str, float | None]],
    counts: Sequence[tuple[str, object]],
    filters: Filters,
) -> go.Figure:
    """% of each wave's respondents per 0-10 score side by side, each wave's mean a labelled
    line (dashed for the earlier, dotted for the later)."""
    traces = []
    for i, (label, _) in enumerate(counts):
        rows = data[data["wave"] == label]
        traces.append(
            {
                "type": "bar",
                "name": label,
                "x": rows["practice_use_score"].astype(int).tolist(),
                "y": rows["pct_of_respondents"].fillna(0).tolist(),
                "marker": _wave_marker(i),
                "text": bar_labels(rows, lambda r: f"{r.pct_of_respondents:.0f}%"),
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": f"{label} · score %{{x}}: %{{y:.0f}}%<extra></extra>",
            }
        )
    top = float(data["pct_of_respondents"].max()) if data["pct_of_respondents"].notna().any() else 0
    layout = {
        "barmode": "group",
        "xaxis": {
            "title": {"text": "0 = not at all · 10 = fully part of my practice"},
            "dtick": 1,
            "range": [-0.6, 10.6],
        },
        "yaxis": {
            "title": {"text": "% of respondents"},
            "ticksuffix": "%",
            "range": [0, max(top, 1) * 1.45],
        },
    }
    frame = base_layout(
        "How far is trauma-informed practice used? (0-10), by survey wave",
        subtitle(wave_n(counts), "respondents answered", filters),
    )
    return go.Figure(
        data=traces,
        layout=merge_layouts(
            frame, _legend(frame), _mean_lines(means), layout, empty_layout() if data.empty else {}
        ),
    )


def _mean_lines(means: Sequence[tuple[str, float | None]]) -> dict[str, Any]:
    """Each wave's mean as a line with its wave named at the top (stacked so both read)."""
    shapes, annotations = [], []
    on_line = {"xref": "x", "yref": "y domain"}
    for i, (label, value) in enumerate(means):
        if value is None:
            continue
        shapes.append(
            {
                "type": "line",
                **on_line,
                "x0": value,
                "x1": value,
                "y0": 0,
                "y1": 1,
                "line": {
                    "color": MEAN_COLOUR if i else DARK_GREY,
                    "width": 3,
                    "dash": WAVE_DASHES[i % 2],
                },
            }
        )
        annotations.append(
            {
                "text": f"{_short(label, means)} mean {value:.1f}",
                "font": {"color": TEXT_COLOUR},
                "showarrow": False,
                **on_line,
                "x": value,
                "y": 1 - 0.08 * i,
                "xanchor": "left" if i else "right",
                "yanchor": "top",
            }
        )
    return {"shapes": shapes, "annotations": annotations}


def _change_axis(title: str, reach: float) -> dict[str, Any]:
    """A change axis symmetric about 0, with 0 drawn dark: no change is the line to read by."""
    return {
        "title": {"text": title},
        "range": [-reach, reach],
        "zeroline": True,
        "zerolinecolor": TEXT_COLOUR,
        "zerolinewidth": 2,
    }


def _short(label: str, means: Sequence[tuple[str, float | None]]) -> str:
    """A wave's first word ("Baseline", "Follow-up") where that tells the waves apart: a mean
    line's label must fit beside it."""
    first = {name.split()[0] if name.split() else name for name, _ in means}
    return label.split()[0] if len(first) == len(means) and label.split() else label


def change_by_group(
    data: pd.DataFrame,
    group: str,
    title: str,
    counts: Sequence[tuple[str, object]],
    filters: Filters,
) -> go.Figure:
    """The change in mean 0-10 use per group (a dot) with its 95% confidence interval (the
    whisker), from change_by: mean_change, ci_low, ci_high, n_earlier, n_later; a withheld
    group (mean_change missing, `suppressed` set) says so in place of its dot."""
    data = data.iloc[::-1]
    shown = data["mean_change"].notna()
    high = (data["ci_high"] - data["mean_change"]).fillna(0)
    low = (data["mean_change"] - data["ci_low"]).fillna(0)
    point = {
        "type": "scatter",
        "mode": "markers+text",
        "name": "change in mean",
        "x": data["mean_change"].fillna(0).tolist(),
        "y": data[group].tolist(),
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": list(high),
            "arrayminus": list(low),
            "color": TEXT_COLOUR,
            "thickness": 2,
            "width": 6,
        },
        "marker": {
            "color": [DARK_BLUE if s else "rgba(0,0,0,0)" for s in shown],
            "size": 12,
            "symbol": "diamond",
        },
        "text": [_change_label(row) for row in data.itertuples()],
        "textposition": "top center",
        "cliponaxis": False,
        "customdata": [_change_hover(row) for row in data.itertuples()],
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
    }
    reach = pd.concat([data["ci_low"].abs(), data["ci_high"].abs()]).max()
    reach = 2.0 if pd.isna(reach) else max(2.0, float(reach) * 1.15)
    axis = _change_axis("change in mean 0-10 use (points)", reach)
    note = "a line crossing 0: no clear change · 95% confidence interval (Welch)"
    height = max(340, 120 + 56 * len(data))
    frame = base_layout(
        title, subtitle(wave_n(counts), "respondents answered", filters, note), height
    )
    layout = merge_layouts(
        frame,
        # Half a row more above the top group: its label sits over its dot.
        {"xaxis": axis, "yaxis": names_axis(data[group]) | {"range": [-0.5, len(data) - 0.1]}},
        empty_layout() if data.empty else {},
    )
    return go.Figure(data=[point], layout=layout)


def _change_label(row: Any) -> str:
    if pd.isna(row.mean_change):
        return getattr(row, "suppressed", "") or "not shown"
    return f"{row.mean_change:+.1f}"


def _change_hover(row: Any) -> str:
    if pd.isna(row.mean_change):
        return f"not shown: {getattr(row, 'why', '') or NOT_SHOWN}"
    interval = "" if pd.isna(row.ci_low) else f" (95% CI {row.ci_low:+.1f} to {row.ci_high:+.1f})"
    return (
        f"change {row.mean_change:+.1f}{interval}, mean {row.mean_earlier:.1f} → "
        f"{row.mean_later:.1f}, n {row.n_earlier:.0f} → {row.n_later:.0f}"
    )


def trained_bars(
    data: pd.DataFrame, title: str, n_text: str, filters: Filters, note: str
) -> go.Figure:
    """The mean change of matched people per group ("All matched", "Trained", "Not trained"):
    group, n, mean_change (missing: withheld, `suppressed` saying so)."""
    data = data.iloc[::-1]
    bar = {
        "type": "bar",
        "orientation": "h",
        "name": "mean change",
        "x": data["mean_change"].fillna(0).tolist(),
        "y": data["group"].tolist(),
        "marker": {
            "color": [DARK_BLUE, TURQUOISE, DARK_GREY][: len(data)][::-1],
            "pattern": {
                "shape": ["", "/", "."][: len(data)][::-1],
                "fgcolor": "#FFFFFF",
                "fgopacity": 0.6,
                "size": 8,
                "solidity": 0.25,
                "fillmode": "overlay",
            },
        },
        "text": [_group_label(row) for row in data.itertuples()],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    reach = data["mean_change"].abs().max()
    reach = 2.0 if pd.isna(reach) else max(2.0, float(reach) * 1.6)
    axis = _change_axis("mean change in 0-10 use (points)", reach)
    frame = base_layout(title, f"{n_text}<br>{filters.describe()}<br>{note}", 360)
    layout = merge_layouts(frame, {"xaxis": axis, "yaxis": names_axis(data["group"])})
    return go.Figure(data=[bar], layout=layout)


def _group_label(row: Any) -> str:
    if pd.isna(row.mean_change):
        mark = getattr(row, "suppressed", "") or ""
        return f"not shown ({mark})" if mark else "no one in this group"
    return f"{row.mean_change:+.1f} (n={row.n:.0f})"
