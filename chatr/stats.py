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
    change = (after - before).to_numpy()
    if len(change) < MIN_PAIRS_FOR_TEST or (change == 0).all():
        return None
    moved = change[change != 0]
    tied = len(np.unique(np.abs(moved))) < len(moved)
    if (tied or len(moved) < len(change)) and len(change) <= PERMUTATION_MAX_N:
        return _signed_rank_permutation_p(moved)
    return float(stats.wilcoxon(after, before).pvalue)


# With ties or zeros, scipy runs a permutation test over every sign pattern (2**n, under 9,999)
# for n up to 13: 3 s for 13 pairs. The same p-value, counted instead of enumerated:
PERMUTATION_MAX_N = 13


def _signed_rank_permutation_p(moved: np.ndarray) -> float:
    """Two-sided p of the sum of positive ranks over every sign pattern of the non-zero
    changes, as scipy.stats.wilcoxon computes it (2 * the smaller tail, at most 1); zeros flip
    to themselves, so they scale both counts alike and drop out."""
    doubled = (2 * pd.Series(np.abs(moved)).rank(method="average")).astype(int).to_numpy()
    observed = int(doubled[moved > 0].sum())
    ways = [1] + [0] * int(doubled.sum())  # ways[s]: sign patterns whose doubled R+ is s
    for rank in doubled:
        for total in range(len(ways) - 1, rank - 1, -1):
            ways[total] += ways[total - rank]
    patterns = 2 ** len(moved)
    lower, upper = sum(ways[: observed + 1]), sum(ways[observed:])
    return min(2 * (min(lower, upper) / patterns), 1.0)


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
