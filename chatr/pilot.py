"""Training cohorts: the plan's cohorts and each cohort's before/after evaluation."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import duckdb
import pandas as pd

from chatr import queries


def cohorts(con: duckdb.DuckDBPyConnection, today: date | None = None) -> pd.DataFrame:
    """One row per cohort in the plan, with its status on `today`."""
    return queries.read(con, "cohorts", today=today or date.today())


def scores(con: duckdb.DuckDBPyConnection, cohort_id: int) -> pd.DataFrame:
    """One row per participant: score_before, score_after, is_matched."""
    return queries.read(con, "pilot_scores", cohort_id=cohort_id)


def pct_agree(con: duckdb.DuckDBPyConnection, cohort_id: int) -> pd.DataFrame:
    """One row per Likert statement: n_answered, n_agree, pct_agree."""
    return queries.read(con, "pilot_pct_agree", cohort_id=cohort_id)


@dataclass(frozen=True)
class Spread:
    """n, median, range and mean of one wave's 0-10 self-ratings."""

    n: int
    median: float | None
    min: int | None
    max: int | None
    mean: float | None

    @classmethod
    def of(cls, values: pd.Series) -> Spread:
        """The spread of the non-missing values."""
        values = values.dropna()
        if values.empty:
            return cls(0, None, None, None, None)
        return cls(
            n=int(values.size),
            median=float(values.median()),
            min=int(values.min()),
            max=int(values.max()),
            mean=round(float(values.mean()), 3),
        )

    def as_dict(self) -> dict:
        return asdict(self)


def wilcoxon_p(before: pd.Series, after: pd.Series) -> float | None:
    """Wilcoxon signed-rank p-value exactly as scipy.stats.wilcoxon(after, before) gives it;
    None when it is undefined (no pairs, or every pair unchanged)."""
    from scipy import stats  # imported here: it costs a second at start-up

    differences = after.astype(float) - before.astype(float)
    if differences.empty or (differences == 0).all():
        return None
    return float(stats.wilcoxon(after.astype(float), before.astype(float)).pvalue)
