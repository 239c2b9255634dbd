"""Pilot statistics against independent computations (scipy, and by hand)."""

from __future__ import annotations

import statistics

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from chatr import pilot, stats
from tests.conftest import demo_likert, demo_pilot

CASES = [
    pytest.param(
        [2, 3, 3, 4, 5, 5, 6, 6, 7, 7, 8], [8, 8, 7, 8, 8, 6, 8, 7, 9, 10, 9], id="seed pilot"
    ),
    pytest.param([5, 6, 7, 4, 3], [5, 5, 8, 6, 1], id="mixed with a tie at zero"),
    pytest.param([1, 2, 3, 4, 5, 6, 7, 8], [3, 1, 6, 4, 9, 5, 9, 7], id="mixed"),
]


def by_hand_rank_biserial(before: list[int], after: list[int]) -> float:
    """Kerby's simple difference formula over non-zero differences, ranks averaged for ties."""
    diffs = [a - b for b, a in zip(before, after, strict=True) if a != b]
    ordered = sorted(abs(d) for d in diffs)
    rank = {v: statistics.mean(i + 1 for i, w in enumerate(ordered) if w == v) for v in ordered}
    favourable = sum(rank[abs(d)] for d in diffs if d > 0)
    unfavourable = sum(rank[abs(d)] for d in diffs if d < 0)
    return (favourable - unfavourable) / (favourable + unfavourable)


@pytest.mark.parametrize(("before", "after"), CASES)
def test_paired_statistics(before, after):
    result = stats.paired(pd.Series(before), pd.Series(after))
    assert result.n_pairs == len(before)
    assert result.wilcoxon_p == pytest.approx(scipy_stats.wilcoxon(after, before).pvalue)
    assert result.rank_biserial == pytest.approx(by_hand_rank_biserial(before, after))
    assert result.mean_change == pytest.approx(
        statistics.mean(a - b for b, a in zip(before, after, strict=True)), abs=1e-3
    )
    assert result.n_improved == sum(a > b for b, a in zip(before, after, strict=True))
    assert result.is_small == (len(before) < 10)


def test_no_change_at_all_has_no_p_value_and_no_effect_size():
    result = stats.paired(pd.Series([3, 4]), pd.Series([3, 4]))
    assert result.wilcoxon_p is None and result.rank_biserial is None and result.mean_change == 0


def test_change_by_band_shows_the_largest_gain_among_low_users():
    people = [p for p in demo_pilot().values() if None not in p.values()]
    pairs = pd.DataFrame(
        {"score_before": [p["pre"] for p in people], "score_after": [p["post"] for p in people]}
    )
    bands = stats.change_by_band(pairs).set_index("band")
    low = [p["post"] - p["pre"] for p in people if p["pre"] <= 4]
    rest = [p["post"] - p["pre"] for p in people if p["pre"] > 4]
    assert bands.loc["low (0-4)", "n_pairs"] == len(low) == 4
    assert bands.loc["low (0-4)", "mean_change"] == pytest.approx(statistics.mean(low)) == 4.75
    assert bands["mean_change"].max() == bands.loc["low (0-4)", "mean_change"]
    assert round(statistics.mean(rest), 2) == 1.86  # the fixtures' "others" figure


def test_scores_are_anonymous_and_sorted_by_baseline(demo_con):
    cohort_id = int(pilot.evaluated_cohorts(demo_con, pilot.NO_FILTERS).cohort_id.iloc[0])
    scores = pilot.scores(demo_con, cohort_id)
    assert list(scores["participant"]) == [f"P{i:02d}" for i in range(1, 12)]
    assert list(scores["score_before"]) == sorted(p["pre"] for p in demo_pilot().values())
    assert "person_id" not in scores.columns and "email" not in scores.columns


def test_pct_agree_and_levels(demo_con):
    cohort_id = int(pilot.evaluated_cohorts(demo_con, pilot.NO_FILTERS).cohort_id.iloc[0])
    levels = pilot.likert_levels(demo_con, cohort_id)
    agree = pilot.pct_agree(levels).set_index("statement_text")
    labels = (
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    )
    for statement, answers in demo_likert().items():
        counts = levels[levels.statement_text == statement].set_index("level")["n_participants"]
        assert [counts[level] for level in range(1, 6)] == [
            answers.count(label) for label in labels
        ]
        expected = 100 * sum(a in ("Agree", "Strongly agree") for a in answers) / len(answers)
        assert agree.loc[statement, "pct_agree"] == pytest.approx(expected, abs=0.051)
    assert list(agree.index)[0].startswith("After this programme, I feel more confident")


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
def test_the_counted_permutation_p_is_scipys_to_the_bit(n):
    # Ties and zeros: where scipy enumerates every sign pattern, we count them instead.
    rng = np.random.default_rng(n)
    before = rng.integers(0, 11, n)
    after = np.clip(before + rng.integers(-3, 5, n), 0, 10)
    after[0] = before[0]  # a zero change
    after[1] = min(before[1] + 2, 10)
    after[2] = after[1] - before[1] + before[2] if before[2] <= 8 else before[2] - 2  # a tie
    expected = float(scipy_stats.wilcoxon(after.astype(float), before.astype(float)).pvalue)
    assert stats.wilcoxon_p(pd.Series(before), pd.Series(after)) == expected
