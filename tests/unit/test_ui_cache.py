"""chatr.ui.cache.from_figure: what is read from a figure is remembered for that figure object."""

from __future__ import annotations

import gc

import plotly.graph_objects as go

from chatr.charts import table as chart_table
from chatr.ui import cache


def _figure(values: list[int]) -> go.Figure:
    return go.Figure(data=[go.Bar(x=["a", "b"], y=values)], layout={"title": {"text": "T"}})


def test_read_once_per_figure_object_and_forgotten_with_the_cache():
    calls = []

    def rows(fig: go.Figure) -> int:
        calls.append(fig)
        return len(chart_table.figure_table(fig))

    first = _figure([1, 2])
    assert cache.from_figure(rows, first) == 2
    assert cache.from_figure(rows, first) == 2
    assert len(calls) == 1  # the second time, remembered
    same_content = _figure([1, 2])  # another object: read again (it might be changed later)
    assert cache.from_figure(rows, same_content) == 2
    assert len(calls) == 2
    cache.clear_cached()
    cache.from_figure(rows, first)
    assert len(calls) == 3


def test_an_entry_goes_with_its_figure_and_never_answers_for_a_later_one():
    def first_value(fig: go.Figure) -> object:
        return fig.data[0].y[0]

    gc.collect()
    before = len(cache._READ)
    for value in range(300):  # figures drawn once and let go, as a page's uncached charts are
        assert cache.from_figure(first_value, _figure([value, 0])) == value
    gc.collect()
    assert len(cache._READ) == before  # nothing kept for figures that are gone
