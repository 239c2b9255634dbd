"""The demo's two survey waves (data/baseline.csv and the synthetic data/baseline_wave2.csv):
their figures, the change between them and its slides, against pandas and scipy reading the
CSV files (no chatr code in the oracle)."""

from __future__ import annotations

import itertools
from datetime import date

import pandas as pd
import pytest
from scipy import stats as scipy_stats

from chatr import db, figures
from chatr.board import slides
from chatr.filters import Filters
from tests.conftest import DATA, build_instance

TODAY = date(2026, 11, 28)
LATER = "Follow-up Nov 2021"


def _people(file_name: str) -> pd.DataFrame:
    """One row per e-mail (trimmed, case-folded, the latest submission kept)."""
    raw = pd.read_csv(DATA / file_name, dtype=str, keep_default_na=False)
    raw["email"] = raw["email"].str.strip().str.lower()
    raw["score"] = pd.to_numeric(raw["practice_use_score"].replace("", None))
    raw = raw.sort_values("submitted_at").drop_duplicates("email", keep="last")
    return raw.set_index("email")


EARLIER, LATER_PEOPLE = _people("baseline.csv"), _people("baseline_wave2.csv")
BOTH = (
    EARLIER[["score"]]
    .merge(
        LATER_PEOPLE[["score"]], left_index=True, right_index=True, suffixes=("_earlier", "_later")
    )
    .dropna()
)
PILOT = set(pd.read_csv(DATA / "pilot_perinatal_1.csv", dtype=str)["email"].str.strip().str.lower())


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    home = build_instance(tmp_path_factory.mktemp("demo-waves"), demo_waves=2)
    connection = db.connect(home / "chatr.duckdb")
    yield connection
    connection.close()


def test_the_demo_follow_up_is_a_plausible_second_wave():
    assert len(BOTH) / len(EARLIER) == pytest.approx(0.6, abs=0.05)
    change = BOTH.score_later - BOTH.score_earlier
    assert change.between(-1, 2).all() and (change < 0).any() and (change > 0).mean() > 0.4
    assert len(LATER_PEOPLE) - len(BOTH) > 30  # new people too
    assert LATER_PEOPLE.submitted_at.str.startswith("2021-11").all()
    # No demo pilot participant answered the wave-1 survey: the trained group is empty.
    assert not PILOT & set(EARLIER.index)


def test_the_demo_waves_figures_match_pandas_and_scipy(con):
    result = figures.figures(con, Filters())
    first, second = result["waves"]
    assert (first["wave"], second["wave"]) == ("Baseline Oct 2020", LATER)
    assert result["baseline"]["respondents"] == len(EARLIER) == 100  # the seed's, unchanged
    for wave, people in ((first, EARLIER), (second, LATER_PEOPLE)):
        assert wave["respondents"] == len(people)
        assert wave["practice_use_mean"] == pytest.approx(people.score.mean(), abs=5e-4)
        assert wave["practice_use_median"] == people.score.median()
    assert second["first_submitted"] == LATER_PEOPLE.submitted_at.min()[:10]
    (change,) = result["wave_change"]
    welch = scipy_stats.ttest_ind(
        LATER_PEOPLE.score.dropna(), EARLIER.score.dropna(), equal_var=False
    )
    interval = welch.confidence_interval(0.95)
    assert change["mean_change"] == pytest.approx(LATER_PEOPLE.score.mean() - EARLIER.score.mean())
    assert change["ci95"] == pytest.approx([interval.low, interval.high])
    assert change["p_value"] == pytest.approx(welch.pvalue)
    assert change["matched_people"] == len(BOTH)
    assert change["matched_mean_change"] == pytest.approx(
        (BOTH.score_later - BOTH.score_earlier).mean()
    )
    assert change["matched_wilcoxon_p"] == pytest.approx(
        scipy_stats.wilcoxon(BOTH.score_later, BOTH.score_earlier).pvalue, rel=1e-6
    )
    assert change["trained"] == {"n": 0, "mean_change": None}
    assert change["untrained"]["n"] == len(BOTH)


def test_the_deck_carries_the_wave_slides_with_two_waves(con, demo_con):
    single = slides.deck(demo_con, Filters(), True, TODAY)
    assert not [s for s in single.slides if s.title == "Change between survey waves"]
    for board in (True, False):
        deck = slides.deck(con, Filters(), board, TODAY)
        found = [s for s in deck.slides if s.title == "Change between survey waves"]
        assert len(found) == 7 and len(deck.slides) == len(single.slides) + 7
        change = LATER_PEOPLE.score.mean() - EARLIER.score.mean()
        use = next(s for s in found if "Mean use" in s.takeaway)
        assert f"a change of {change:+.1f} points" in use.takeaway
        trained = found[-1]
        assert f"{len(BOTH)} people answered both waves" in trained.takeaway
        assert "it is not a trial" in trained.takeaway
        assert all(s.source.startswith("Demo data") for s in found)


def test_a_board_deck_withholds_the_wave_slides_of_a_small_filter(con):
    # Hospital staff working in the 0-5 stage: fewer than 5 in the demo's later wave.
    small = Filters.of(("0-5",), ["Hospital"])
    n = [
        ((p.organisation == "Hospital") & p.life_stages.str.contains("0-5")).sum()
        for p in (EARLIER, LATER_PEOPLE)
    ]
    assert any(0 < k < 5 for k in n), n
    board = slides.deck(con, small, True, TODAY)
    assert not [s for s in board.slides if s.title == "Change between survey waves"]
    lead = slides.deck(con, small, False, TODAY)
    assert [s for s in lead.slides if s.title == "Change between survey waves"]


def test_the_overview_shows_the_board_no_first_wave_mean_its_rules_withhold(con):
    from chatr import disclosure, overview, waves
    from chatr.reference import LIFE_STAGES, ORGANISATIONS

    earliest, latest = waves.earliest_id(con), waves.latest_id(con)
    stage_sets = [c for k in range(3) for c in itertools.combinations(LIFE_STAGES, k)]
    choices = [Filters.of(s, o) for s in stage_sets for o in [[], *([o] for o in ORGANISATIONS)]]
    # Shown in the latest wave, withheld in the first: the tile must not carry the first mean.
    first_only = [
        f
        for f in choices
        if disclosure.baseline_withheld(con, f, latest) is None
        and disclosure.baseline_withheld(con, f, earliest) is not None
    ]
    assert first_only, "the demo has no filter withheld in the first wave only"
    for filters in first_only:
        assert disclosure.first_wave_withheld(con, filters)
        head = overview.headline(con, filters, date(2026, 12, 3))
        first = disclosure.first_wave_withheld(con, filters)
        (use,) = [t for t in overview.tiles(head, True, None, first) if "approach" in t.label]
        assert "→" not in use.value, (filters, use.value)
        (lead,) = [t for t in overview.tiles(head, False) if "approach" in t.label]
        assert "→" in lead.value  # a lead sees both waves' means
