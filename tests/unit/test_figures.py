"""`chatr figures`: its fixed shape, and every number against an independent computation."""

from __future__ import annotations

import csv
import statistics

import pytest
from scipy import stats

from chatr import figures
from chatr.filters import Filters
from tests.conftest import (
    DATA,
    demo_likert,
    demo_pilot,
    demo_respondents,
    expected_baseline,
    select,
)


@pytest.mark.parametrize(
    ("stages", "orgs"),
    [((), ()), (("Perinatal",), ()), (("0-5", "19-25"), ("Local authority", "School"))],
)
def test_baseline_figures_match_hand_computation(demo_con, stages, orgs):
    result = figures.figures(demo_con, Filters(stages, orgs))["baseline"]
    assert result == expected_baseline(select(demo_respondents(), stages, orgs))


def test_every_cohort_of_the_plan_is_listed_with_the_fixed_keys(demo_con):
    cohorts = figures.figures(demo_con, Filters())["cohorts"]
    assert len(cohorts) == 10  # 5 life stages x 2 cohorts, as the seed's timeline
    keys = {"cohort", "life_stage", "number", "start", "end", "status", "participants"}
    keys |= {"matched_pairs", "before", "after", "wilcoxon_p", "pct_agree", "feedback_items"}
    keys |= {"followup", "followup_wilcoxon_p"}  # the months-later follow-up (issue 14)
    spread = {"n", "median", "min", "max", "mean"}
    for cohort in cohorts:
        assert set(cohort) == keys
        assert set(cohort["before"]) == set(cohort["after"]) == set(cohort["followup"]) == spread
    assert cohorts[0]["start"] == "2020-11-02"
    assert min(c["start"] for c in cohorts) >= "2020-11-01"
    assert max(c["end"] for c in cohorts) <= "2021-12-31"


def test_perinatal_pilot_matches_seed_and_independent_statistics(demo_con):
    cohort = next(
        c for c in figures.figures(demo_con, Filters())["cohorts"] if c["cohort"] == "Perinatal #1"
    )
    people = demo_pilot()
    pairs = [(p["pre"], p["post"]) for p in people.values() if None not in p.values()]
    before = [b for b, _ in pairs]
    after = [a for _, a in pairs]
    assert cohort["participants"] == len(people) == 11
    assert cohort["matched_pairs"] == len(pairs) == 11
    assert cohort["after"]["median"] == statistics.median(after) == 8
    assert (cohort["after"]["min"], cohort["after"]["max"]) == (min(after), max(after)) == (6, 10)
    assert cohort["before"]["median"] == statistics.median(before)
    assert cohort["before"]["mean"] == pytest.approx(statistics.mean(before), abs=1e-3)
    assert cohort["wilcoxon_p"] == pytest.approx(stats.wilcoxon(after, before).pvalue)
    assert cohort["status"] == "evaluated"


def test_pct_agree_per_statement(demo_con):
    cohort = figures.figures(demo_con, Filters())["cohorts"][0]
    for statement, answers in demo_likert().items():
        agree = sum(a in ("Agree", "Strongly agree") for a in answers)
        assert cohort["pct_agree"][statement] == pytest.approx(
            100 * agree / len(answers), abs=0.051
        )
    confident = next(v for k, v in cohort["pct_agree"].items() if "more confident" in k)
    practices = next(v for k, v in cohort["pct_agree"].items() if "better working practices" in k)
    assert (round(confident), practices) == (82, 100.0)  # the seed: 82% and 100%


def test_feedback_items_count_every_text_of_the_demo_files(demo_con):
    cohort = figures.figures(demo_con, Filters())["cohorts"][0]
    texts = 0
    for name, columns in (
        ("pilot_perinatal_1.csv", ("feedback_quote", "feedback_improve", "feedback_hope")),
        ("feedback_perinatal_1.csv", ("text",)),
    ):
        with open(DATA / name, newline="", encoding="utf-8") as handle:
            texts += sum(bool(row[c].strip()) for row in csv.DictReader(handle) for c in columns)
    assert cohort["feedback_items"] == texts > 0


def test_cohort_without_data_has_empty_figures(demo_con):
    cohort = figures.figures(demo_con, Filters())["cohorts"][1]
    assert cohort["participants"] == 0
    assert cohort["before"] == {"n": 0, "median": None, "min": None, "max": None, "mean": None}
    assert cohort["wilcoxon_p"] is None
    assert cohort["feedback_items"] == 0
