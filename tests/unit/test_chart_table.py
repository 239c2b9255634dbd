"""'Show the data': a chart's numbers read back from the figure (chatr.charts.table), checked
against the demo CSVs counted here, for a board member (withheld cells stay withheld) and a
lead, and on small figures built by hand for each kind of trace."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pandas as pd
import plotly.graph_objects as go
import pytest

from chatr import export
from chatr.board import slides
from chatr.charts import style
from chatr.charts.table import chart_alt, chart_title, figure_table
from chatr.filters import Filters
from chatr.reference import LIFE_STAGES
from tests.conftest import demo_respondents


@pytest.fixture(scope="module")
def baseline_figures(demo_con):
    return {board: slides.baseline_slides(demo_con, Filters(), board) for board in (True, False)}


def test_life_stage_table_holds_each_stage_top_first_as_the_chart_reads(baseline_figures) -> None:
    people = demo_respondents()
    counts = Counter(s for p in people for s in p.life_stages)
    answered = sum(1 for p in people if p.life_stages)
    for board in (True, False):  # every stage has at least 5: the board sees them all
        table = figure_table(baseline_figures[board].life_stages.figure)
        assert list(table.columns) == ["Category", "% of respondents", "Label"]
        assert list(table["Category"]) == list(LIFE_STAGES)
        for row in table.itertuples(index=False):
            pct = 100 * counts[row.Category] / answered
            assert float(row[1]) == pytest.approx(pct, abs=0.01)
            assert row.Label == f"{pct:.0f}% ({counts[row.Category]})"


def test_a_board_members_table_withholds_what_their_chart_withholds(baseline_figures) -> None:
    counts = Counter(p.organisation for p in demo_respondents() if p.organisation)
    small = {name for name, n in counts.items() if n < 5}
    assert small  # the demo has organisation types under 5: the check can fail
    board = figure_table(baseline_figures[True].organisations.figure).set_index("Category")
    lead = figure_table(baseline_figures[False].organisations.figure).set_index("Category")
    for name in small:
        assert board.loc[name, "% of respondents"] == board.loc[name, "Label"] == "<5"
        assert lead.loc[name, "Label"].endswith(f"({counts[name]})")
    assert not board.to_csv().count(f"({min(counts[n] for n in small)})")


def test_hover_only_numbers_come_along_and_a_withheld_bar_has_no_placeholder(
    baseline_figures,
) -> None:
    """The mean-by-organisation hover holds the median; a withheld bar's hover ('mean 0.00',
    drawn from its placeholder length) is not copied into the table."""
    table = figure_table(baseline_figures[True].use_by_organisation.figure)
    assert "Details" in table.columns
    withheld = table[table["mean 0-10 use"] == "<5"]
    assert len(withheld) and (withheld["Details"] == "").all()
    shown = table[table["mean 0-10 use"] != "<5"]
    assert shown["Details"].str.contains(r": mean \d+\.\d\d, median \d", regex=True).all()


def test_tiles_become_label_value_rows(demo_con) -> None:
    overview = slides.overview_slide(demo_con, Filters(), True, pd.Timestamp("2026-11-28").date())
    table = figure_table(overview.figure)
    assert list(table.columns) == ["Category", "Value"]
    assert ("Interested in training", "88") in set(table.itertuples(index=False, name=None))


def bar_figure(**trace) -> go.Figure:
    return go.Figure([go.Bar(**trace)], layout={"title": {"text": "Bars<br>wrapped"}})


def test_each_kind_of_trace() -> None:
    fig = go.Figure(
        [
            go.Bar(name="n", x=["a", "b"], y=[3, 4.25], text=["3", "4.25"]),
            go.Scatter(mode="lines", x=[1, 2], y=[1, 2]),  # a connector: no row
            go.Scatter(mode="text", x=[103, 103], y=["s", "t"], text=["<b>75%</b>", "80%"]),
            go.Box(name="Before", q1=[2], median=[3], q3=[4], lowerfence=[1], upperfence=[5]),
        ]
    )
    rows = set(figure_table(fig).itertuples(index=False, name=None))
    assert ("n", "a", "3", "3") in rows and ("n", "b", "4.25", "4.25") in rows
    assert ("", "s", "", "75%") in rows and ("", "t", "", "80%") in rows  # x is a place
    assert ("Before", "median", "3", "") in rows
    assert len(rows) == 2 + 2 + 5


def test_a_bar_placed_by_its_base_takes_its_value_from_customdata() -> None:
    """Likert segments: x is a half-width for neutral, the level's % is in customdata; the two
    neutral halves are one row."""
    half = {"orientation": "h", "y": ["s1"], "base": [-5], "name": "Neutral", "customdata": [10]}
    fig = go.Figure([go.Bar(x=[5], **half), go.Bar(x=[5], **(half | {"base": [0]}))])
    assert figure_table(fig).to_dict("records") == [
        {"Series": "Neutral", "Category": "s1", "Value": "10"}
    ]


def test_a_dated_bar_sits_at_its_middle() -> None:
    day = 86_400_000
    fig = bar_figure(x=[pd.Timestamp("2021-02-01")], y=[7], offset=0, width=6 * day)
    assert figure_table(fig)["Category"].tolist() == ["2021-02-04"]


def test_the_table_csv_is_formula_neutralised() -> None:
    fig = bar_figure(x=['=HYPERLINK("http://x")', "-1"], y=[1, 2])
    rows = list(csv.reader(io.StringIO(export.frame_csv(figure_table(fig)).decode("utf-8-sig"))))
    assert rows[1][0].startswith("'=") and rows[2][0] == "'-1"


def test_alt_text_names_the_chart_n_and_filters_and_an_empty_charts_message() -> None:
    withheld = style.withheld("Which life stages?", Filters())
    alt = chart_alt(withheld)
    assert alt.startswith("Which life stages? n < 5; Life stages: all life stages")
    assert "Fewer than 5 answered: not shown" in alt
    assert figure_table(withheld).empty
    assert chart_title(bar_figure(x=["a"], y=[1])) == "Bars wrapped"
