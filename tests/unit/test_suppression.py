"""Small-number suppression: primary cells, the subtraction case, zeros, totals."""

from __future__ import annotations

import pandas as pd

from chatr.suppression import suppress


def table(counts: dict[str, int]) -> pd.DataFrame:
    total = sum(counts.values())
    return pd.DataFrame(
        {
            "group": list(counts),
            "n_respondents": list(counts.values()),
            "pct_of_respondents": [100 * n / total for n in counts.values()],
        }
    )


def test_cells_under_five_show_as_under_five():
    out = suppress(table({"a": 20, "b": 3, "c": 2, "d": 9}))
    assert list(out.suppressed) == ["", "<5", "<5", ""]
    assert out.n_respondents.isna().tolist() == [False, True, True, False]
    assert out.pct_of_respondents.isna().tolist() == [False, True, True, False]


def test_a_single_small_cell_hides_the_next_smallest_so_subtraction_fails():
    counts = {"a": 20, "b": 3, "c": 7, "d": 9}
    out = suppress(table(counts))
    assert list(out.suppressed) == ["", "<5", "hidden", ""]
    # With the total (39) known, the shown cells no longer give away either hidden one.
    shown = out.n_respondents.dropna().sum()
    assert sum(counts.values()) - shown == 3 + 7  # two unknowns, one equation


def test_zero_and_large_cells_are_shown():
    out = suppress(table({"a": 0, "b": 12, "c": 30}))
    assert list(out.suppressed) == ["", "", ""]
    assert list(out.n_respondents) == [0, 12, 30]


def test_nothing_small_changes_nothing():
    original = table({"a": 5, "b": 6})
    out = suppress(original)
    assert list(out.n_respondents) == [5, 6] and set(out.suppressed) == {""}
