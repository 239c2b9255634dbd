"""Paired statistics for before/after self-ratings (no Streamlit, no database)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_PAIRS_FOR_TEST = 3  # under this, a signed-rank p-value says nothing (1 pair gives p = 1)
SMALL_SAMPLE = 10  # under this many pairs, the page and the deck say the result is fragile

# Baseline bands of the 0-10 self-rating: the seed document's "low-level users" are 0-4.
BANDS: tuple[tuple[str, int, int], ...] = (
    ("low (0-4)", 0, 4),
    ("middle (5-7)", 5, 7),
    ("high (8-10)", 8, 10),
)


@dataclass(frozen=True)
class PairedResult:
    """What changed between before and after for matched pairs."""

    n_pairs: int
    mean_change: float | None
    n_improved: int
    n_same: int
    n_worse: int
    wilcoxon_p: float | None
    rank_biserial: float | None

    @property
    def is_small(self) -> bool:
        return self.n_pairs < SMALL_SAMPLE


def wilcoxon_p(before: pd.Series, after: pd.Series) -> float | None:
    """Wilcoxon signed-rank p-value exactly as scipy.stats.wilcoxon(after, before) gives it
    with its defaults; None when undefined (no pairs, or every pair unchanged)."""
    from scipy import stats  # imported here: it costs a second at start-up

    before, after = before.astype(float), after.astype(float)
    if len(before) < MIN_PAIRS_FOR_TEST or ((after - before) == 0).all():
        return None
    return float(stats.wilcoxon(after, before).pvalue)


def rank_biserial(before: pd.Series, after: pd.Series) -> float | None:
    """Matched-pairs rank-biserial correlation: (sum of ranks of gains - of losses) / all ranks,
    zero differences dropped (as Wilcoxon's default does); from -1 to 1."""
    from scipy.stats import rankdata

    differences = (after.astype(float) - before.astype(float)).to_numpy()
    differences = differences[differences != 0]
    if differences.size == 0:
        return None
    ranks = rankdata(np.abs(differences))
    return float((ranks[differences > 0].sum() - ranks[differences < 0].sum()) / ranks.sum())


def paired(before: pd.Series, after: pd.Series) -> PairedResult:
    """The paired statistics of matched before/after scores."""
    change = after.astype(float) - before.astype(float)
    return PairedResult(
        n_pairs=int(change.size),
        mean_change=round(float(change.mean()), 3) if change.size else None,
        n_improved=int((change > 0).sum()),
        n_same=int((change == 0).sum()),
        n_worse=int((change < 0).sum()),
        wilcoxon_p=wilcoxon_p(before, after),
        rank_biserial=rank_biserial(before, after),
    )


def change_by_band(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per baseline band: n_pairs and mean_change of matched pairs starting in it."""
    rows = []
    for label, low, high in BANDS:
        band = pairs[(pairs["score_before"] >= low) & (pairs["score_before"] <= high)]
        change = band["score_after"] - band["score_before"]
        rows.append(
            {
                "band": label,
                "n_pairs": int(len(band)),
                "mean_change": round(float(change.mean()), 2) if len(band) else None,
            }
        )
    return pd.DataFrame(rows)
