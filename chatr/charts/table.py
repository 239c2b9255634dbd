"""A chart's numbers as a table, and its name for screen readers, both read from the figure.

Under every chart the page offers "Show the data": one row per bar, point or box of each trace
(series, category, value, the label drawn on the chart, and the hover text where it carries more,
as a mouse user would read it). Read from the figure itself, a table holds exactly what the
chart was given: for a board member, numbers that already went through chatr.disclosure, with a
withheld bar's mark ("<5") in place of its placeholder length. Figures only, never Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from chatr.suppression import HIDDEN, SMALL

COLUMNS = ("Series", "Category", "Value", "Label", "Details")
# A bar drawn at length 0 with one of these as its label was withheld: the table shows the mark.
WITHHELD_MARKS = (SMALL, HIDDEN, "not shown")
BOX_STATS = (
    ("lowerfence", "lowest"),
    ("q1", "lower quartile"),
    ("median", "median"),
    ("q3", "upper quartile"),
    ("upperfence", "highest"),
)
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_FIELD = re.compile(r"%\{([a-z]+)(?:\[(\d+)\])?(?:([:|])([^}]*))?\}")
_EXTRA = re.compile(r"<extra>.*?</extra>", re.DOTALL)


def plain(text: object, joiner: str = " ") -> str:
    """Plotly's text without its markup: line breaks as `joiner`, tags removed."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    lines = _BREAK.sub("\n", str(text))
    return joiner.join(part.strip() for part in _TAG.sub("", lines).split("\n") if part.strip())


def chart_title(fig: go.Figure) -> str:
    """The figure's title as one line of plain text ('' if it has none)."""
    return plain(fig.layout.title.text)


def chart_alt(fig: go.Figure) -> str:
    """A short description for screen readers: title, then n and the filters (the subtitle),
    then what an empty chart says instead of bars ('Fewer than 5 answered: not shown ...')."""
    parts = [chart_title(fig) or "Chart", plain(fig.layout.title.subtitle.text, "; ")]
    if not fig.data:  # no bars or points: the chart's words say why
        parts += [plain(note.text) for note in fig.layout.annotations or ()]
    return " ".join(part if part[-1] in ".?!" else part + "." for part in parts if part)


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """The numbers the figure shows, one row per point, as text (empty columns left out)."""
    tiles = (fig.layout.meta or {}).get("tiles") if isinstance(fig.layout.meta, dict) else None
    if tiles:
        rows = [{"Category": str(label), "Value": str(value)} for label, value in tiles]
    else:
        rows = [row for trace in fig.data for row in _trace_rows(trace, fig.layout)]
    # Plain Python, one DataFrame at the end: pandas' own dedupe cost ~5 ms a chart, every run.
    unique = dict.fromkeys(tuple(row.get(column, "") for column in COLUMNS) for row in rows)
    used = [i for i, _ in enumerate(COLUMNS) if any(row[i] for row in unique)]
    names = dict(zip(("Category", "Value"), _axis_titles(fig), strict=True))
    return pd.DataFrame(
        [[row[i] for i in used] for row in unique],
        columns=[names.get(COLUMNS[i]) or COLUMNS[i] for i in used],
        dtype=str,
    )


def _axis_titles(fig: go.Figure) -> tuple[str, str]:
    """(category, value) axis titles shared by every trace, e.g. ('', '% of respondents')."""
    found = set()
    for trace in fig.data:
        if trace.type not in ("bar", "scatter") or getattr(trace, "base", None) is not None:
            return "", ""  # a box, or a bar placed by its base: its axis is not its value's
        x = fig.layout["xaxis" + str(trace.xaxis or "x")[1:]].title.text
        y = fig.layout["yaxis" + str(trace.yaxis or "y")[1:]].title.text
        across = trace.orientation == "h" if trace.type == "bar" else not _numeric(_points(trace.y))
        found.add((plain(y), plain(x)) if across else (plain(x), plain(y)))
    return found.pop() if len(found) == 1 else ("", "")


def _trace_rows(trace: Any, layout: Any) -> list[dict[str, str]]:
    """One row per point; for bars across the page, top first, as the chart reads."""
    if trace.type == "box":
        return _box_rows(trace)
    if trace.type not in ("bar", "scatter"):
        return []
    rows = _point_rows(trace)
    across = trace.orientation == "h" if trace.type == "bar" else not _numeric(_points(trace.y))
    axis = layout["yaxis" + str(trace.yaxis or "y")[1:]]
    return rows[::-1] if across and axis.autorange != "reversed" else rows


def _point_rows(trace: Any) -> list[dict[str, str]]:
    mode = (trace.mode or "") if trace.type == "scatter" else "bars"
    if "markers" not in mode and "text" not in mode and mode != "bars":
        return []  # lines only: connectors between points, no numbers of their own
    x, y = _points(trace.x), _points(trace.y)
    across = trace.orientation == "h" if trace.type == "bar" else not _numeric(y)
    categories, values = (y, x) if across else (x, y)
    size = max(len(categories), len(values))
    if trace.type == "bar" and trace.base is not None:
        values = _points(trace.customdata) if _numeric(_points(trace.customdata)) else []
    if mode == "text":
        values = []  # a text-only trace is placed by x and y: its numbers are its labels
    categories = _bar_middles(trace, categories)
    labels = _per_point(trace.text, size)
    details = _hover_texts(trace, x, y, size)
    rows = []
    for i in range(size):
        label = plain(labels[i])
        value = _cell(values[i]) if i < len(values) else ""
        detail = details[i]
        if label and any(mark in label for mark in WITHHELD_MARKS):
            # The bar's length (and so its hover) is a placeholder: say what the chart says.
            value, detail = label, ""
        rows.append(
            {
                "Series": plain(trace.name),
                "Category": plain(_cell(categories[i])) if i < len(categories) else "",
                "Value": value,
                "Label": label,
                "Details": detail,
            }
        )
    return rows


def _box_rows(trace: Any) -> list[dict[str, str]]:
    name = plain(trace.name)
    rows = []
    for field, stat in BOX_STATS:
        values = _points(getattr(trace, field))
        if len(values):
            rows.append({"Series": name, "Category": stat, "Value": _cell(values[0])})
    return rows


def _points(values: Any) -> list[Any]:
    if values is None:
        return []
    if isinstance(values, str | bytes) or np.isscalar(values):
        return [values]
    return list(values)


def _numeric(values: Sequence[Any]) -> bool:
    return bool(len(values)) and all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
        for v in values
    )


def _per_point(value: Any, size: int) -> list[Any]:
    points = _points(value)
    return points + [""] * (size - len(points)) if len(points) != 1 else points * size


def _bar_middles(trace: Any, categories: list[Any]) -> list[Any]:
    """A date bar drawn from `offset` for `width` ms (e.g. a session's week) sits at its middle."""
    if trace.type != "bar" or trace.offset is None or not np.isscalar(trace.width):
        return categories
    shift = pd.Timedelta(milliseconds=float(trace.offset) + float(trace.width) / 2)
    return [pd.Timestamp(c) + shift if _is_date(c) else c for c in categories]


def _is_date(value: Any) -> bool:
    return isinstance(value, datetime | date | np.datetime64 | pd.Timestamp)


def _cell(value: Any) -> str:
    """A number or date as the table shows it: whole numbers plain, others to 2 decimals."""
    if value is None or (isinstance(value, float | np.floating) and np.isnan(value)):
        return ""
    if _is_date(value):
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    if isinstance(value, float | np.floating):
        return (
            f"{float(value):.0f}"
            if float(value).is_integer()
            else f"{float(value):.2f}".rstrip("0")
        )
    return str(value)


def _hover_texts(trace: Any, x: list[Any], y: list[Any], size: int) -> list[str]:
    """The hover text of each point, when it carries more than x, y and the label (customdata)."""
    template = trace.hovertemplate
    if not isinstance(template, str) or "customdata" not in template:
        return [""] * size
    fields = {
        "x": x,
        "y": y,
        "text": _per_point(trace.text, size),
        "customdata": _points(trace.customdata),
    }
    return [plain(_fill(template, fields, i), " · ") for i in range(size)]


def _fill(template: str, fields: dict[str, list[Any]], i: int) -> str:
    def value(match: re.Match[str]) -> str:
        name, index, kind, spec = match.groups()
        points = fields.get(name, [])
        found = points[i] if i < len(points) else ""
        if index is not None:
            found = _points(found)[int(index)] if len(_points(found)) > int(index) else ""
        return _format(found, kind, spec)

    return _FIELD.sub(value, _EXTRA.sub("", template))


def _format(value: Any, kind: str | None, spec: str | None) -> str:
    try:
        if kind == "|" and spec:
            return f"{pd.Timestamp(value):{spec}}"
        if kind == ":" and spec:
            return format(float(value), spec)
    except (TypeError, ValueError):
        pass
    return _cell(value)
