"""Plotly figures of a cohort's evaluation: before/after per participant, change by baseline
band, and Likert statements as diverging bars. Figures only, never Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from chatr import disclosure, stats, suppression
from chatr.charts.style import (
    DARK_BLUE,
    DARK_GREY,
    DARK_PINK,
    FONT_SIZE,
    NEUTRAL,
    ORANGE,
    TEXT_COLOUR,
    TURQUOISE,
    WHITE,
    base_layout,
    merge_layouts,
    pattern,
    subtitle,
    wrap,
)
from chatr.filters import Filters
from chatr.pilot import board_likert, followup_pairs, has_followup, pct_agree, quartiles
from chatr.reference import LIKERT_LEVELS
from chatr.suppression import SMALL

# Before and after: the Analysis Function's two colours with the most contrast between them
# (3.4:1), and a circle against a diamond, so the two differ by more than colour.
BEFORE_COLOUR, AFTER_COLOUR = ORANGE, DARK_BLUE
# The months-later follow-up: the palette's turquoise and a triangle, drawn only when one exists.
FOLLOWUP_COLOUR = TURQUOISE
WAVE_SYMBOLS = {"Before": "circle", "After": "diamond", "Months later": "triangle-up"}
# (score column, label, colour) of each wave in drawing order.
WAVES = (
    ("score_before", "Before", BEFORE_COLOUR),
    ("score_after", "After", AFTER_COLOUR),
    ("score_followup", "Months later", FOLLOWUP_COLOUR),
)
# Boxes: a light tint inside a text-coloured outline and median line (the outline carries the
# 3:1; the median line stands out on the tint).
BOX_FILLS = {
    "Before": "rgba(244, 106, 37, 0.3)",
    "After": "rgba(18, 67, 109, 0.25)",
    "Months later": "rgba(40, 161, 151, 0.3)",
}
# Likert levels 1-5 from the Analysis Function palette, disagree warm, agree cool, each 3:1
# against white and its neighbours (segments are also parted by a white line); each level its own
# fill pattern too (named in the legend), so no level is told by colour alone.
LIKERT_COLOURS = (DARK_PINK, ORANGE, DARK_GREY, TURQUOISE, DARK_BLUE)
LIKERT_PATTERNS = ("x", "/", ".", "", "+")
SCORE_AXIS = {
    "title": {"text": "0 = not at all · 10 = fully part of my practice"},
    "range": [-0.5, 10.5],
    "dtick": 1,
}


@dataclass(frozen=True)
class CohortFigures:
    """A cohort's three charts as a user may see them (the board: no group under 5)."""

    before_after: go.Figure
    bands: go.Figure
    band_table: pd.DataFrame  # band, n_pairs, mean_change (and `suppressed` for the board)
    likert: go.Figure | None  # None when no statement was asked (or all are withheld)
    agree: pd.DataFrame  # pct_agree of the statements shown
    withheld: tuple[str, ...]  # statements not shown to the board
    # Does the change last? The medians of the three surveys; None without a follow-up shown.
    lasting: go.Figure | None = None


def cohort_figures(
    scores: pd.DataFrame,
    levels: pd.DataFrame,
    cohort_label: str,
    life_stage: str,
    filters: Filters,
    board: bool,
    followup_shown: bool = True,
) -> CohortFigures:
    """Before/after (each wave's spread for the board), change by band and the Likert bars;
    with the months-later follow-up when there is one and `followup_shown` (the disclosure
    layer's say: chatr.disclosure.followup_withheld)."""
    if not followup_shown or "score_followup" not in scores:
        scores = scores.assign(score_followup=float("nan"))
    draw = before_after_spread if board else before_after
    matched = scores[scores["is_matched"]]
    bands = stats.change_by_band(matched)
    if board:
        bands = suppression.suppress(bands, count_column="n_pairs", value_columns=("mean_change",))
    withheld: list[str] = []
    if board and not levels.empty:
        levels, withheld = board_likert(levels)
    agree = pct_agree(levels)
    return CohortFigures(
        before_after=draw(scores, cohort_label, life_stage, filters),
        bands=change_by_band(bands, len(matched), filters),
        band_table=bands,
        likert=None if levels.empty else likert_diverging(levels, agree, filters),
        agree=agree,
        withheld=tuple(withheld),
        lasting=lasting(scores, cohort_label, filters) if has_followup(scores) else None,
    )


def before_after(
    scores: pd.DataFrame, cohort_label: str, life_stage: str, filters: Filters
) -> go.Figure:
    """Dumbbell: each matched participant's 0-10 self-rating before (orange circle) and after
    (dark blue diamond). The same two colours for every life stage: a stage's own colour could
    be too close to the before colour (life_stage is kept for the callers)."""
    scores = _with_followup(scores)
    pairs = scores[scores["is_matched"]]
    waves = _waves(scores)
    lines = [
        {
            "type": "scatter",
            # Before to after, then on to the follow-up when the person answered it.
            "x": [row.score_before, row.score_after]
            + ([row.score_followup] if pd.notna(row.score_followup) else []),
            "y": [row.participant] * (3 if pd.notna(row.score_followup) else 2),
            "mode": "lines",
            "line": {"color": "#C8CCD0", "width": 4},
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for row in pairs.itertuples()
    ]
    dots = [
        {
            "type": "scatter",
            "x": pairs.loc[pairs[column].notna(), column],
            "y": pairs.loc[pairs[column].notna(), "participant"],
            "mode": "markers",
            "name": label,
            "marker": {
                "color": dot_colour,
                "symbol": WAVE_SYMBOLS[label],
                "size": 16,
                "line": {"color": WHITE, "width": 1},
            },
            "hovertemplate": f"%{{y}} {label.lower()}: %{{x}}<extra></extra>",
        }
        for column, label, dot_colour in waves
    ]
    unmatched = int((~scores["is_matched"]).sum())
    note = f"{unmatched} without both surveys not shown" if unmatched else "sorted by rating before"
    if len(waves) == 3:
        note += f"; months later: {int(pairs['score_followup'].notna().sum())} answered"
    frame = base_layout(
        _title(cohort_label, waves),
        subtitle(len(pairs), "matched participants", filters, note),
        180 + 34 * max(len(pairs), 3),
    )
    layout = {
        "xaxis": SCORE_AXIS,
        "yaxis": {"autorange": "reversed"},
        "showlegend": True,
        # At the foot of the figure, under the axis title (not over it), however many waves.
        "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        "margin": frame["margin"] | {"b": frame["margin"]["b"] + 40},
    }
    return go.Figure(data=[*lines, *dots], layout=merge_layouts(frame, layout))


def _with_followup(scores: pd.DataFrame) -> pd.DataFrame:
    """`scores` with a score_followup column (empty when the caller's table has none)."""
    if "score_followup" in scores:
        return scores
    return scores.assign(score_followup=float("nan"))


def _waves(scores: pd.DataFrame) -> tuple[tuple[str, str, str], ...]:
    """The waves to draw: before and after, and the follow-up when anyone answered it."""
    return WAVES if has_followup(scores) else WAVES[:2]


def _title(cohort_label: str, waves: tuple) -> str:
    if len(waves) == 3:
        return f"{cohort_label}: self-rating before, after and months after the programme"
    return f"{cohort_label}: self-rating before and after the programme"


def lasting(scores: pd.DataFrame, cohort_label: str, filters: Filters) -> go.Figure:
    """Does the change last? The median self-rating of each survey (all who answered it),
    joined by a line, each with its n; the subtitle gives the people with before and follow-up."""
    points = [(label, scores[column].dropna(), colour) for column, label, colour in WAVES]
    points = [(label, values, colour) for label, values, colour in points if len(values)]
    medians = [float(values.median()) for _, values, _ in points]
    line = {
        "type": "scatter",
        "mode": "lines+markers+text",
        "x": [f"{label}<br>n = {len(values)}" for label, values, _ in points],
        "y": medians,
        "line": {"color": TEXT_COLOUR, "width": 2},
        "marker": {
            "color": [colour for _, _, colour in points],
            "symbol": [WAVE_SYMBOLS[label] for label, _, _ in points],
            "size": 20,
            "line": {"color": WHITE, "width": 1},
        },
        "text": [f"median {m:g}" for m in medians],
        "textposition": "top center",
        "cliponaxis": False,
        "hovertemplate": "%{x}: %{text}<extra></extra>",
        "showlegend": False,
    }
    n_both = len(followup_pairs(scores))
    frame = base_layout(
        f"{cohort_label}: does the change last?",
        subtitle(n_both, "participants with a before and a months-later survey", filters,
                 "median of everyone who answered each survey"),
        400,
    )  # fmt: skip
    layout = {"yaxis": {**SCORE_AXIS, "title": {"text": "median self-rating (0-10)"}}}
    return go.Figure(data=[line], layout=merge_layouts(frame, layout))


def change_by_band(bands: pd.DataFrame, n_pairs: int, filters: Filters) -> go.Figure:
    """Mean change per baseline band (low 0-4, middle 5-7, high 8-10), each with its n. A band
    marked in a `suppressed` column (see chatr.suppression) is named with no bar or number."""
    marks = bands["suppressed"] if "suppressed" in bands else pd.Series("", index=bands.index)
    shown = bands[bands["mean_change"].notna() | (marks != "")]
    marks = marks[shown.index]
    change = shown["mean_change"].fillna(0.0)
    bar = {
        "type": "bar",
        "x": shown["band"],
        "y": change,
        "marker": {"color": NEUTRAL},
        "text": [
            _band_text(c, k, mark)
            for c, k, mark in zip(change, shown["n_pairs"], marks, strict=True)
        ],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{x}: %{text}<extra></extra>",
    }
    top = float(change.max()) if len(shown) else 1.0
    layout = {
        "yaxis": {
            "title": {"text": "mean change (points)"},
            "range": [min(0, float(change.min()) if len(shown) else 0) * 1.3, max(top, 1) * 1.3],
        },
        "xaxis": {"title": {"text": "rating before the programme"}},
    }
    note = "bands of fewer than 5 people are not shown" if (marks != "").any() else ""
    frame = base_layout(
        "Who gained most? Change by starting point",
        subtitle(n_pairs, "matched participants", filters, note),
    )
    return go.Figure(data=[bar], layout=merge_layouts(frame, layout))


def _band_text(change: float, n: float, mark: str) -> str:
    if mark == SMALL:
        return f"n {SMALL}: not shown"
    if mark:
        return "not shown"
    return f"{change:+.1f} (n={n:.0f})"


def before_after_spread(
    scores: pd.DataFrame, cohort_label: str, life_stage: str, filters: Filters
) -> go.Figure:
    """Box per wave (range, quartiles, median) of matched participants' 0-10 self-ratings: the
    board's view, with no one person's pair of answers on screen."""
    scores = _with_followup(scores)
    pairs = scores[scores["is_matched"]]
    waves = _waves(scores)
    if not disclosure.shows_spread(len(pairs), board=True):
        return _medians_only(pairs, cohort_label, waves, filters)
    boxes = []
    for column, label, _ in waves:
        spread = quartiles(pairs[column])
        # A box only of enough people (the follow-up's answerers may be fewer): else none.
        if spread is None or not disclosure.shows_spread(int(pairs[column].notna().sum()), True):
            continue
        boxes.append(
            {
                "type": "box",
                # The median in the row's name: a label above the box would meet the subtitle.
                "y": [f"{label}<br>median {spread['median']:g}"],
                "q1": [spread["q1"]],
                "median": [spread["median"]],
                "q3": [spread["q3"]],
                "lowerfence": [spread["min"]],
                "upperfence": [spread["max"]],
                "orientation": "h",
                "name": label,
                "marker": {"color": TEXT_COLOUR},
                "fillcolor": BOX_FILLS[label],
                "line": {"color": TEXT_COLOUR, "width": 2},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    title = _title(cohort_label, waves)
    note = "box: middle half of answers; line: median; whiskers: lowest to highest"
    frame = base_layout(title, subtitle(len(pairs), "matched participants", filters, note), 380)
    layout = {"xaxis": SCORE_AXIS, "yaxis": {"autorange": "reversed"}}
    return go.Figure(data=boxes, layout=merge_layouts(frame, layout))


def _medians_only(
    pairs: pd.DataFrame, cohort_label: str, waves: tuple, filters: Filters
) -> go.Figure:
    """The board's view of fewer than ten pairs: each wave's median alone (a box of so few
    would show nearly every answer as a quartile or whisker)."""
    medians = [float(pairs[column].median()) for column, _, _ in waves]
    dots = {
        "type": "scatter",
        "mode": "markers+text",
        "x": medians,
        "y": [label for _, label, _ in waves],
        "marker": {
            "color": [colour for _, _, colour in waves],
            "size": 22,
            "symbol": [WAVE_SYMBOLS[label] for _, label, _ in waves],
        },
        "text": [f"median {m:g}" for m in medians],
        "textposition": "top center",
        "hoverinfo": "skip",
    }
    title = _title(cohort_label, waves)
    note = f"median only: a spread is shown from {disclosure.BOX_MIN} people"
    frame = base_layout(title, subtitle(len(pairs), "matched participants", filters, note), 380)
    layout = {"xaxis": SCORE_AXIS, "yaxis": {"autorange": "reversed"}}
    return go.Figure(data=[dots], layout=merge_layouts(frame, layout))


def likert_diverging(levels: pd.DataFrame, agree: pd.DataFrame, filters: Filters) -> go.Figure:
    """Each statement as a bar centred on neutral: disagree to the left, agree to the right,
    labelled with the % who agree or strongly agree."""
    totals = levels.groupby("statement_id")["n_participants"].transform("sum")
    levels = levels.assign(pct=100 * levels["n_participants"] / totals.where(totals > 0))
    order = list(dict.fromkeys(levels["statement_text"]))[::-1]  # first statement on top
    wide = levels.pivot(index="statement_text", columns="level", values="pct")
    wide = wide.reindex(index=order, columns=range(1, 6)).fillna(0)
    labels = [wrap(s, 62) for s in wide.index]
    pct = agree.set_index("statement_text")["pct_agree"].reindex(wide.index).fillna(0)
    agree_text = {
        "type": "scatter",
        "x": [103] * len(wide),
        "y": labels,
        "mode": "text",
        "text": [f"<b>{p:.0f}% agree</b>" for p in pct],
        "textposition": "middle right",
        "showlegend": False,
        "hoverinfo": "skip",
    }
    n = int(agree["n_answered"].max()) if len(agree) else 0
    layout = {
        "barmode": "overlay",
        "xaxis": {
            "range": [-100, 175],
            "tickvals": [-100, -50, 0, 50, 100],
            "ticktext": ["100%", "50%", "0", "50%", "100%"],
            "zeroline": True,
            "zerolinewidth": 2,
            "zerolinecolor": "#555",  # the neutral midpoint, darker than the grid
            "title": {"text": "← disagree · agree →"},
        },
        "yaxis": {"tickfont": {"size": FONT_SIZE - 2}},
        "showlegend": True,
        # At the foot of the figure, under the axis title whatever the chart's height.
        "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        "margin": {"b": 120},
    }
    sub = subtitle(n, "participants answered", filters, "% agree = agree or strongly agree")
    frame = base_layout("How participants rated the programme", sub, 260 + 95 * len(wide))
    bars = _likert_bars(wide, labels, set(levels["level"]))
    return go.Figure(data=[*bars, agree_text], layout=merge_layouts(frame, layout))


def _likert_bars(wide: pd.DataFrame, labels: list[str], present: set[int]) -> list[dict[str, Any]]:
    """From the centre outwards: half of neutral on each side, then (dis)agree, then strongly;
    only the levels `present` (the board's collapsed table has levels 2-4 only)."""
    left = pd.Series(0.0, index=wide.index)
    right = pd.Series(0.0, index=wide.index)
    bars = []
    for level, share, on_left in _SEGMENTS:
        if level not in present:
            continue
        width = wide[level] * share
        bars.append(
            {
                "type": "bar",
                "y": labels,
                "x": width,
                "base": left - width if on_left else right,
                "orientation": "h",
                "marker": {
                    "color": LIKERT_COLOURS[level - 1],
                    "pattern": pattern(LIKERT_PATTERNS[level - 1]),
                    "line": {"color": WHITE, "width": 1.5},
                },
                "name": LIKERT_LEVELS[level - 1],
                "legendrank": level,
                "showlegend": not (level == 3 and not on_left),
                "customdata": wide[level],
                "hovertemplate": f"{LIKERT_LEVELS[level - 1]}: %{{customdata:.0f}}%<extra></extra>",
            }
        )
        if on_left:
            left = left - width
        else:
            right = right + width
    return bars


# (level, share of its width, drawn left of centre?) in drawing order.
_SEGMENTS = (
    (3, 0.5, True),
    (2, 1.0, True),
    (1, 1.0, True),
    (3, 0.5, False),
    (4, 1.0, False),
    (5, 1.0, False),
)
