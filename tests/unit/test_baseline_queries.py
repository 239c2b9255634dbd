"""Every baseline query against numbers computed independently from data/baseline.csv."""

from __future__ import annotations

import statistics
from collections import Counter

import pytest

from chatr import baseline
from chatr.filters import Filters
from tests.conftest import demo_respondents, select

FILTER_CASES = [
    pytest.param((), (), id="no filter"),
    pytest.param(("Perinatal",), (), id="perinatal"),
    pytest.param(("0-5", "5-11"), (), id="two stages"),
    pytest.param((), ("Hospital", "Other"), id="two organisations"),
    pytest.param(("19-25",), ("East London NHS Foundation Trust",), id="stage and organisation"),
    pytest.param(("Perinatal",), ("School",), id="empty result"),
]


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_answered_counts(demo_con, stages, orgs):
    people = select(demo_respondents(), stages, orgs)
    answered = baseline.answered(demo_con, Filters(stages, orgs))
    assert answered.respondents == len(people)
    assert answered.life_stages == sum(1 for p in people if p.life_stages)
    assert answered.organisation == sum(1 for p in people if p.organisation)
    assert answered.practice_use_score == sum(1 for p in people if p.score is not None)
    assert answered.interest == sum(1 for p in people if p.interest)


def test_demo_matches_the_seed_document(demo_con):
    """The programme's December 2020 update: ~100 respondents, average use 5.7."""
    answered = baseline.answered(demo_con, Filters())
    summary = baseline.practice_use_summary(demo_con, Filters())
    assert answered.respondents == 100
    assert round(summary.mean, 1) == 5.7
    assert 95 <= answered.practice_use_score <= 102


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_life_stage_shares(demo_con, stages, orgs):
    people = select(demo_respondents(), stages, orgs)
    counts = Counter(s for p in people for s in p.life_stages)
    table = baseline.life_stages(demo_con, Filters(stages, orgs))
    assert list(table["life_stage"]) == ["Perinatal", "0-5", "5-11", "11-19", "19-25"]
    for row in table.itertuples():
        assert row.n_respondents == counts[row.life_stage]
        if people:
            assert row.pct_of_respondents == pytest.approx(
                100 * counts[row.life_stage] / len(people),
                abs=0.051,  # rounded to one decimal
            )


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_organisations_and_other_texts(demo_con, stages, orgs):
    people = select(demo_respondents(), stages, orgs)
    table = baseline.organisations(demo_con, Filters(stages, orgs))
    assert dict(zip(table.organisation, table.n_respondents, strict=True)) == dict(
        Counter(p.organisation for p in people)
    )
    others = baseline.other_organisations(demo_con, Filters(stages, orgs))
    assert sorted(others.other_text) == sorted(
        p.organisation_other for p in people if p.organisation == "Other"
    )


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_practice_use_distribution_and_summary(demo_con, stages, orgs):
    scores = [p.score for p in select(demo_respondents(), stages, orgs) if p.score is not None]
    filters = Filters(stages, orgs)
    table = baseline.practice_use_distribution(demo_con, filters)
    assert list(table.practice_use_score) == list(range(11))
    assert list(table.n_respondents) == [scores.count(k) for k in range(11)]
    summary = baseline.practice_use_summary(demo_con, filters)
    assert summary.n == len(scores)
    if scores:
        assert summary.mean == pytest.approx(statistics.mean(scores))
        assert summary.median == statistics.median(scores)
    else:
        assert summary.mean is None and summary.median is None


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_interest(demo_con, stages, orgs):
    people = select(demo_respondents(), stages, orgs)
    table = baseline.interest(demo_con, Filters(stages, orgs))
    assert list(table.interest) == ["Yes", "Maybe", "No"]
    answered = [p.interest for p in people if p.interest]
    assert list(table.n_respondents) == [answered.count(a) for a in ("Yes", "Maybe", "No")]


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_use_by_life_stage(demo_con, stages, orgs):
    people = select(demo_respondents(), stages, orgs)
    table = baseline.use_by_life_stage(demo_con, Filters(stages, orgs)).set_index("life_stage")
    answered = [p for p in people if p.score is not None and p.life_stages]
    assert set(table["n_answered"]) == {len(answered)}
    for stage in ("Perinatal", "0-5", "5-11", "11-19", "19-25"):
        scores = [p.score for p in people if stage in p.life_stages and p.score is not None]
        assert table.loc[stage, "n_respondents"] == len(scores)
        if scores:
            assert table.loc[stage, "mean_score"] == pytest.approx(statistics.mean(scores))
            assert table.loc[stage, "median_score"] == statistics.median(scores)


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_use_by_organisation(demo_con, stages, orgs):
    people = [p for p in select(demo_respondents(), stages, orgs) if p.score is not None]
    table = baseline.use_by_organisation(demo_con, Filters(stages, orgs)).set_index("organisation")
    assert set(table.index) == {p.organisation for p in people}
    for organisation in table.index:
        scores = [p.score for p in people if p.organisation == organisation]
        assert table.loc[organisation, "n_respondents"] == len(scores)
        assert table.loc[organisation, "mean_score"] == pytest.approx(statistics.mean(scores))
