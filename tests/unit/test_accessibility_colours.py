"""WCAG 2.2 contrast: text at 4.5:1, chart marks and focus rings at 3:1, worked out here from
WCAG's own formula (relative luminance, sRGB), checked first against published ratios; then the
palette, the theme and every chart the demo data draws, for a board member and a lead. And
colour is never the only difference between series drawn side by side. (The page CSS of
chatr.ui is checked in tests/app/test_page_colours.py, with Streamlit.)"""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import pytest

from chatr import db, interest
from chatr.board import community_slides, slides
from chatr.charts import baseline as baseline_charts
from chatr.charts import community as community_charts
from chatr.charts import interest as interest_charts
from chatr.charts import pilot as pilot_charts
from chatr.charts import style, timeline
from chatr.filters import Filters
from chatr.reference import LIFE_STAGE_COLOURS, LIFE_STAGES
from tests.conftest import ROOT

TEXT, GRAPHICS = 4.5, 3.0
WHITE = "#FFFFFF"
TODAY = date(2026, 11, 28)


def rgb(colour: str) -> tuple[float, float, float]:
    """'#RRGGBB' or 'rgba(r, g, b, a)' as 0-1 channels (the alpha is dealt with by `over`)."""
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", colour)[:3])
    return r / 255, g / 255, b / 255


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.2 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(colour: str, alpha: float, background: str) -> str:
    """`colour` at `alpha` opacity composited over `background`, as '#RRGGBB'."""
    mixed = [alpha * c + (1 - alpha) * b for c, b in zip(rgb(colour), rgb(background), strict=True)]
    return "#" + "".join(f"{round(c * 255):02X}" for c in mixed)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("#000000", "#FFFFFF", 21.0),  # the extremes
        ("#FFFFFF", "#FFFFFF", 1.0),
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes 4.5:1 on white (WebAIM)
        ("#1D70B8", "#FFFFFF", 5.17),  # GOV.UK's link blue, as its design system states
        ("#949494", "#FFFFFF", 3.03),  # the lightest grey for 3:1
    ],
)
def test_the_contrast_formula_gives_the_published_ratios(a: str, b: str, expected: float) -> None:
    assert contrast(a, b) == pytest.approx(expected, abs=0.01)


# ---- the palette ----


def test_the_categorical_palette_is_the_analysis_functions_in_its_order() -> None:
    # analysisfunction.civilservice.gov.uk, "Data visualisation: colours" (categorical).
    assert style.CATEGORICAL == ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
    assert tuple(LIFE_STAGE_COLOURS[s] for s in LIFE_STAGES) == style.CATEGORICAL[:5]


@pytest.mark.parametrize("colour", style.CATEGORICAL)
def test_each_palette_colour_stands_out_from_white(colour: str) -> None:
    assert contrast(colour, WHITE) >= GRAPHICS


@pytest.mark.parametrize("i", range(len(style.CATEGORICAL) - 1))
def test_neighbours_in_the_palette_stand_out_from_each_other(i: int) -> None:
    assert contrast(style.CATEGORICAL[i], style.CATEGORICAL[i + 1]) >= GRAPHICS


@pytest.mark.parametrize(("fill", "words"), style.ON_COLOUR.items())
def test_words_drawn_on_a_bar_are_readable(fill: str, words: str) -> None:
    assert contrast(fill, words) >= TEXT


NAMED_MARKS = {
    "neutral bars": style.NEUTRAL,
    "mean line": style.MEAN_COLOUR,
    "median line": style.MEDIAN_COLOUR,
    "before": pilot_charts.BEFORE_COLOUR,
    "after": pilot_charts.AFTER_COLOUR,
    "places": timeline.PLACES_COLOUR,
    "sessions": timeline.SESSION_COLOUR,
    "today": timeline.TODAY_COLOUR,
    **{f"status {k}": v for k, v in timeline.STATUS_COLOURS.items()},
    **{f"interest {k}": v for k, v in baseline_charts.INTEREST_COLOURS.items()},
    **{f"likert {i}": v for i, v in enumerate(pilot_charts.LIKERT_COLOURS, 1)},
    **{f"retention {k}": v for k, v in community_charts.RETENTION_COLOURS.items()},
    "posts": community_charts.POSTS_COLOUR,
    "replies": community_charts.REPLIES_COLOUR,
}


@pytest.mark.parametrize(("name", "colour"), NAMED_MARKS.items())
def test_every_named_chart_colour_stands_out_from_white(name: str, colour: str) -> None:
    assert contrast(colour, WHITE) >= GRAPHICS, name


def test_the_chart_toolbar_icons_stand_out() -> None:
    toolbar = style.base_layout("title", "n = 1")["modebar"]
    assert contrast(toolbar["color"], toolbar["bgcolor"]) >= GRAPHICS
    assert contrast(toolbar["activecolor"], toolbar["bgcolor"]) >= GRAPHICS


def test_the_mean_and_median_lines_stand_out_from_the_bars_they_cross() -> None:
    for line in (style.MEAN_COLOUR, style.MEDIAN_COLOUR):
        assert contrast(line, style.NEUTRAL) >= GRAPHICS


def test_before_and_after_stand_out_from_each_other() -> None:
    assert contrast(pilot_charts.BEFORE_COLOUR, pilot_charts.AFTER_COLOUR) >= GRAPHICS


@pytest.mark.parametrize("i", range(len(pilot_charts.LIKERT_COLOURS) - 1))
def test_neighbouring_likert_levels_stand_out_from_each_other(i: int) -> None:
    colours = pilot_charts.LIKERT_COLOURS
    assert contrast(colours[i], colours[i + 1]) >= GRAPHICS


def test_chart_words_are_readable() -> None:
    assert contrast(style.TEXT_COLOUR, WHITE) >= TEXT
    assert contrast(style.TEXT_COLOUR, "#F7F9FC") >= TEXT  # the tiles' fill
    assert contrast(timeline.TODAY_COLOUR, WHITE) >= TEXT  # "Today 28 Nov 2026"


# ---- the theme and the page CSS ----


@pytest.fixture(scope="module")
def theme() -> dict[str, str]:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as handle:
        return tomllib.load(handle)["theme"]


def test_theme_text_is_readable_on_the_page_and_the_sidebar(theme: dict[str, str]) -> None:
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert contrast(theme["textColor"], background) >= TEXT
        assert contrast(theme["linkColor"], background) >= TEXT


def test_captions_and_placeholders_are_readable(theme: dict[str, str]) -> None:
    """Streamlit draws captions, placeholders and help text in textColor at 60% opacity."""
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        faded = over(theme["textColor"], 0.6, background)
        assert contrast(faded, background) >= TEXT, (faded, background)


def test_primary_buttons_are_readable_and_stand_out(theme: dict[str, str]) -> None:
    assert contrast(WHITE, theme["primaryColor"]) >= TEXT  # a primary button's words
    assert contrast(theme["primaryColor"], theme["backgroundColor"]) >= GRAPHICS


def test_the_default_theme_would_fail_captions() -> None:
    """Why textColor is set: Streamlit's own (#31333F) at 60% opacity is under 4.5:1."""
    assert contrast(over("#31333F", 0.6, WHITE), WHITE) < TEXT


# ---- every chart the demo data draws ----


def marks(fig: go.Figure) -> list[str]:
    """Every bar, box and marker colour of the figure (not lines joining points, not text)."""
    found = []
    for trace in fig.data:
        if trace.type == "bar" or (trace.type == "scatter" and "markers" in (trace.mode or "")):
            colour = trace.marker.color
            found += [colour] if isinstance(colour, str) else list(colour or ())
    return [c for c in found if isinstance(c, str)]


def colour_only(fig: go.Figure) -> list[str]:
    """The names of series in the legend that share their look but for colour: bars with the
    same pattern, or markers with the same symbol. Empty when every series differs otherwise."""
    shown = [t for t in fig.data if t.showlegend is not False and t.name]
    looks: dict[tuple[str, str], list[str]] = {}
    for trace in shown:
        if trace.type == "bar":
            look = ("bar", trace.marker.pattern.shape or "")
        elif trace.type == "scatter" and "markers" in (trace.mode or ""):
            look = ("marker", str(trace.marker.symbol or "circle"))
        else:
            continue
        looks.setdefault(look, [])
        if trace.name not in looks[look]:
            looks[look].append(trace.name)
    return [name for names in looks.values() if len(names) > 1 for name in names]


def test_the_colour_only_check_finds_series_told_apart_by_colour_alone() -> None:
    """The detector first proves it can fail: two solid bar series, two circle series."""
    bars = go.Figure([go.Bar(name="a", marker_color="#12436D"), go.Bar(name="b")])
    dots = go.Figure([go.Scatter(name="a", mode="markers"), go.Scatter(name="b", mode="markers")])
    assert colour_only(bars) == ["a", "b"] and colour_only(dots) == ["a", "b"]
    patterned = go.Figure(
        [go.Bar(name="a"), go.Bar(name="b", marker={"pattern": style.pattern("/")})]
    )
    assert colour_only(patterned) == []


@pytest.fixture(scope="module")
def engaged(demo_home: Path, tmp_path_factory: pytest.TempPathFactory):
    """The demo data with the Community of Practice and sessions fixtures loaded."""
    from chatr import upload
    from tests.unit import engagement_oracle as oracle

    path = tmp_path_factory.mktemp("a11y-engaged") / "chatr.duckdb"
    shutil.copyfile(demo_home / "chatr.duckdb", path)
    con = db.connect(path)
    files = [(oracle.SLACK_ZIP, "community")] + [
        (report, "attendance") for report in (oracle.TEAMS_FEB, oracle.TEAMS_MAY, oracle.ZOOM)
    ]
    for file, kind in files:
        data = file.read_bytes()
        outcome = upload.load_file(con, data, file.name, kind, cohort=None, uploaded_by="test")
        assert outcome.status == "loaded", outcome.problems
    yield con
    con.close()


def every_figure(con, board: bool) -> dict[str, go.Figure]:
    """The deck's charts (overview, baseline, each cohort, the plan, the community), the
    Community page's other charts, and the interest page's demand chart, by title."""
    found = {}
    deck = slides.deck(con, Filters(), board, TODAY)
    page = community_slides.community_page(con, Filters(), board)
    extra = [page.threads, page.links, page.repeat, page.by_organisation, page.by_life_stage]
    demand = interest.demand(con, Filters(), interest.ANSWERS, TODAY)
    extra.append(interest_charts.demand_bars(demand, 88, Filters(), interest.ANSWERS))
    for fig in [s.figure for s in deck.slides] + [f for f in extra if f is not None]:
        found[fig.layout.title.text or f"untitled {len(found)}"] = fig
    return found


@pytest.mark.parametrize("board", [True, False], ids=["board", "lead"])
def test_every_chart_mark_stands_out_from_white_and_never_by_colour_alone(
    engaged, board: bool
) -> None:
    figures = every_figure(engaged, board)
    assert len(figures) >= 15  # overview, six baseline, three per cohort, plan, community...
    assert sum(len(marks(f)) for f in figures.values()) > 40  # the check has marks to check
    for title, fig in figures.items():
        for colour in marks(fig):
            assert contrast(colour, WHITE) >= GRAPHICS, (title, colour)
        assert colour_only(fig) == [], title
