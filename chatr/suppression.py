"""Small-number suppression for the board (`viewer`): a breakdown cell counting fewer than
MIN_CELL people shows "<5", and when that would leave a single hidden cell, the next smallest
is hidden too, so no hidden count can be worked out by subtracting the others from a total."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

MIN_CELL = int(os.environ.get("CHATR_MIN_CELL", "5"))
SMALL = f"<{MIN_CELL}"
HIDDEN = "hidden"


def suppress(
    table: pd.DataFrame,
    count_column: str = "n_respondents",
    value_columns: Sequence[str] = ("pct_of_respondents",),
    min_cell: int = MIN_CELL,
) -> pd.DataFrame:
    """The table with small cells (and their complements) blanked: their count and values set
    to missing and a `suppressed` column saying "<5", "hidden" or "" per row."""
    out = table.copy()
    counts = out[count_column].astype("float64").to_numpy()
    small = (counts > 0) & (counts < min_cell)
    hidden = small.copy()
    if int(small.sum()) == 1:
        # One hidden cell next to a known total gives itself away: hide the next smallest too.
        others = np.where(~small & (counts > 0), counts, np.inf)
        if np.isfinite(others).any():
            hidden[int(np.argmin(others))] = True
    out["suppressed"] = np.where(small, SMALL, np.where(hidden, HIDDEN, ""))
    # Whole columns at once: pandas' .loc assignment made this most of a board page's run.
    for column in [count_column, *[c for c in value_columns if c in out.columns]]:
        values = out[column].astype("float64").to_numpy(copy=True)
        values[hidden] = np.nan
        out[column] = values
    return out


def too_few(n: int, min_cell: int = MIN_CELL) -> bool:
    """Whether a whole group is too small to show a viewer anything about it."""
    return 0 < n < min_cell
