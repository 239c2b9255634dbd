"""`chatr figures --board`: exactly what a board member may see, checked against the demo CSVs
counted here (the small-cell rule written out again, not imported)."""

from __future__ import annotations

import json
import statistics
from collections import Counter

import pytest

from chatr.reference import ORGANISATIONS
from tests.conftest import demo_likert, demo_respondents, select
from tests.unit.test_auth_and_cli import cli

MIN = 5


def board_cells(counts: dict[str, int]) -> dict[str, int | None]:
    """Cells under MIN hidden; one hidden cell alone hides the next smallest as well."""
    small = {k for k, n in counts.items() if 0 < n < MIN}
    hidden = set(small)
    if len(small) == 1:
        others = {k: n for k, n in counts.items() if k not in small and n > 0}
        if others:
            hidden.add(min(others, key=others.get))
    return {k: None if k in hidden else n for k, n in counts.items()}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("board-figures")
    assert cli(home, "init", "--demo").returncode == 0
    return home


def figures(home, *args: str) -> dict:
    result = cli(home, "figures", "--board", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_unfiltered_board_figures_hide_only_small_cells(home):
    people = demo_respondents()
    shown = figures(home)["baseline"]
    assert shown["withheld"] is None
    organisations = Counter(p.organisation for p in people if p.organisation)
    assert shown["organisation_counts"] == board_cells(dict(organisations))
    scores = [p.score for p in people if p.score is not None]
    assert shown["practice_use_mean"] == round(statistics.mean(scores), 1)
    distribution = {str(k): scores.count(k) for k in range(11)}
    assert shown["practice_use_distribution"] == board_cells(distribution)
    # The total is withheld when the people who did not answer a question are 1 to 4 (the n
    # answered per question, as the seed reported them, stay).
    answered = [
        sum(1 for p in people if p.life_stages), sum(1 for p in people if p.organisation),
        len(scores), sum(1 for p in people if p.interest),
    ]  # fmt: skip
    assert list(shown["answered"].values()) == answered
    small_gap = any(0 < len(people) - n < MIN for n in answered)
    assert shown["respondents"] == (None if small_gap else len(people))


def test_a_filter_one_small_group_narrower_than_no_filter_shows_no_numbers(home):
    people = demo_respondents()
    for left_out in ORGANISATIONS:
        rest = [o for o in ORGANISATIONS if o != left_out]
        gap = len(people) - len(select(people, (), tuple(rest)))
        if 0 < gap < MIN:
            break
    else:
        pytest.fail("the demo has no organisation type of 1-4 respondents")
    args = [arg for o in rest for arg in ("--organisation", o)]
    shown = figures(home, *args)["baseline"]
    assert "fewer than 5" in shown["withheld"]
    assert shown["respondents"] is None and shown["practice_use_mean"] is None
    assert set(shown["organisation_counts"].values()) == {None}


def test_a_cohort_shows_its_spread_and_only_statements_without_small_groups(home):
    cohort = next(c for c in figures(home)["cohorts"] if c["cohort"] == "Perinatal #1")
    assert cohort["withheld"] is None
    assert cohort["matched_pairs"] == 11 and cohort["before"]["min"] is not None
    board_level = {"Strongly disagree": "d", "Disagree": "d", "Neither agree nor disagree": "n",
                   "Agree": "a", "Strongly agree": "a"}  # fmt: skip
    for statement, answers in demo_likert().items():
        groups = Counter(board_level[a] for a in answers)
        withheld = any(0 < n < MIN for n in groups.values())
        pct = cohort["pct_agree"][statement]
        assert (pct is None) == withheld, statement
        if not withheld:
            assert pct == round(100 * groups["a"] / len(answers), 1)


def test_a_cohort_without_data_is_withheld_with_its_reason(home):
    empty = [c for c in figures(home)["cohorts"] if c["status"] != "evaluated"]
    assert empty and all(c["withheld"] and c["participants"] is None for c in empty)
    assert all(c["start"] for c in empty)  # dates of the plan are not personal
