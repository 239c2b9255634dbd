"""Overview headline figures against independent computations from the demo CSVs."""

from __future__ import annotations

import csv
import statistics
from dataclasses import replace
from datetime import date

import pytest

from chatr import overview
from chatr.filters import Filters
from tests.conftest import DATA, demo_likert, demo_pilot, demo_respondents, select


def plan_statuses(today: date, stages: tuple[str, ...]) -> dict[str, int]:
    with open(DATA / "cohorts.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if not stages or r["life_stage"] in stages]
    done = sum(date.fromisoformat(r["end_date"]) < today for r in rows)
    planned = sum(date.fromisoformat(r["start_date"]) > today for r in rows)
    return {"done": done, "planned": planned, "running": len(rows) - done - planned}


@pytest.mark.parametrize(
    ("stages", "orgs", "today"),
    [
        ((), (), date(2026, 11, 28)),
        (("0-5",), (), date(2021, 3, 1)),
        (("Perinatal",), ("Hospital",), date(2021, 4, 20)),
    ],
)
def test_headline(demo_con, stages, orgs, today):
    head = overview.headline(demo_con, Filters(stages, orgs), today)
    expected = plan_statuses(today, stages)
    assert (head.cohorts_done, head.cohorts_running, head.cohorts_planned) == (
        expected["done"],
        expected["running"],
        expected["planned"],
    )
    people = select(demo_respondents(), stages, orgs)
    scores = [p.score for p in people if p.score is not None]
    assert head.n_baseline_use == len(scores)
    assert head.baseline_mean_use == round(statistics.mean(scores), 1)
    assert head.n_interested == sum(p.interest in ("Yes", "Maybe") for p in people)
    assert head.n_interest_answered == sum(p.interest is not None for p in people)


def test_trained_and_more_confident_match_the_seed(demo_con):
    head = overview.headline(demo_con, Filters(), date(2026, 11, 28))
    assert head.n_trained == len(demo_pilot()) == 11
    confident = next(v for k, v in demo_likert().items() if "more confident" in k)
    assert head.n_confidence_answered == len(confident)
    share = 100 * sum(a in ("Agree", "Strongly agree") for a in confident) / len(confident)
    assert head.pct_more_confident == round(share, 1) == 81.8
    n_agree = sum(a in ("Agree", "Strongly agree") for a in confident)
    assert head.n_confident == n_agree
    # The lead sees 82%; for the board the 2 who did not agree are a group under 5.
    assert overview.confidence_tile(head, board=False)[0] == "82%"
    value, why = overview.confidence_tile(head, board=True)
    assert value == "–" and why.startswith("Not shown") and "n = " not in why


def test_no_evaluated_cohort_in_the_filter(demo_con):
    head = overview.headline(demo_con, Filters(("19-25",), ()), date(2026, 11, 28))
    assert head.n_trained == 0 and head.pct_more_confident is None


def test_the_board_sees_the_share_when_no_group_is_small(demo_con):
    head = overview.headline(demo_con, Filters(), date(2026, 11, 28))
    everyone = replace(head, n_confident=12, n_confidence_answered=12, pct_more_confident=100.0)
    assert overview.confidence_tile(everyone, board=True)[0] == "100%"
    split = replace(head, n_confident=7, n_confidence_answered=12, pct_more_confident=58.3)
    assert overview.confidence_tile(split, board=True)[0] == "58%"


def test_the_board_tiles_show_no_count_under_five(demo_con):
    head = overview.headline(demo_con, Filters(), date(2026, 11, 28))
    small = replace(head, n_trained=3, n_baseline_use=4, baseline_mean_use=6.5, n_interested=2)
    board = {tile.label: tile for tile in overview.tiles(small, board=True)}
    assert board["Trained (evaluated cohorts)"].value == "<5"
    assert board["Baseline use of the approach"].value == "–"
    assert board["Interested in training"].value == "–"
    assert all("n = " not in tile.explained for tile in board.values() if tile.value in "–<5")
    lead = {tile.label: tile for tile in overview.tiles(small, board=False)}
    assert lead["Trained (evaluated cohorts)"].value == "3"
    assert lead["Baseline use of the approach"].value == "6.5 / 10"
    assert lead["Interested in training"].value == "2"
    # Interested, with only a few not interested: the total would give the few away.
    few_not = replace(head, n_interested=95, n_interest_answered=98)
    assert {t.label: t.value for t in overview.tiles(few_not, True)}[
        "Interested in training"
    ] == "–"
