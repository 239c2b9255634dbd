"""chatr.ui.cache.from_figure: what is read from a figure is remembered for that figure object."""

from __future__ import annotations

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


def test_a_figure_gone_from_the_memory_never_answers_for_a_new_one_at_its_address():
    seen = []

    def title_and_first(fig: go.Figure) -> tuple[str, object]:
        seen.append(1)
        return chart_table.chart_title(fig), fig.data[0].y[0]

    for value in range(cache._READ_SIZE + 50):  # more than it keeps: old entries are let go
        assert cache.from_figure(title_and_first, _figure([value, 0])) == ("T", value)
    assert len(seen) == cache._READ_SIZE + 50
    assert len(cache._READ) <= cache._READ_SIZE
