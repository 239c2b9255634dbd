"""The board's (viewer's) view of a pilot cohort: Likert answers collapsed and small groups
withheld, the higher/same/lower split withheld when one group is small, quartiles of the
ratings instead of each person's pair, and bands under 5 drawn with no number."""

from __future__ import annotations

import json
import statistics

import pandas as pd
import pytest

from chatr import pilot, stats, suppression
from chatr.charts import pilot as pilot_charts
from chatr.filters import NO_FILTERS
from tests.conftest import demo_likert, demo_pilot

AGREE = {"Agree", "Strongly agree"}
DISAGREE = {"Disagree", "Strongly disagree"}


def levels_table(statements: dict[str, list[int]]) -> pd.DataFrame:
    """Likert levels as the query returns them: statement -> counts of levels 1..5."""
    rows = [
        {"statement_id": i, "statement_text": text, "level": level, "n_participants": n}
        for i, (text, counts) in enumerate(statements.items())
        for level, n in zip(range(1, 6), counts, strict=True)
    ]
    return pd.DataFrame(rows)


def test_likert_collapses_before_suppressing():
    table = levels_table(
        {
            "all agree, split over two levels": [0, 0, 0, 4, 7],
            "nine agree, two disagree": [1, 1, 0, 4, 5],
            "five each way": [2, 3, 0, 5, 0],
        }
    )
    shown, withheld = pilot.board_likert(table, min_cell=5)
    assert withheld == ["nine agree, two disagree"]
    counts = shown.set_index(["statement_text", "level"])["n_participants"]
    assert counts["all agree, split over two levels"].to_dict() == {2: 0, 3: 0, 4: 11}
    assert counts["five each way"].to_dict() == {2: 5, 3: 0, 4: 5}
    assert (shown["n_participants"].eq(0) | shown["n_participants"].ge(5)).all()
    agree = pilot.pct_agree(shown).set_index("statement_text")["pct_agree"]
    assert agree.to_dict() == {"all agree, split over two levels": 100.0, "five each way": 50.0}


def test_demo_likert_for_the_board_has_no_group_under_five(demo_con):
    cohort_id = int(pilot.evaluated_cohorts(demo_con, NO_FILTERS).iloc[0]["cohort_id"])
    shown, withheld = pilot.board_likert(pilot.likert_levels(demo_con, cohort_id))
    expected_shown, expected_withheld = set(), set()
    for statement, answers in demo_likert().items():
        groups = [
            sum(a in AGREE for a in answers),
            sum(a in DISAGREE for a in answers),
            sum(a not in AGREE | DISAGREE for a in answers),
        ]
        small = any(0 < g < suppression.MIN_CELL for g in groups)
        (expected_withheld if small else expected_shown).add(statement)
    assert set(withheld) == expected_withheld and expected_withheld
    assert set(shown["statement_text"]) == expected_shown and expected_shown
    assert not (shown["n_participants"].between(1, suppression.MIN_CELL - 1)).any()


@pytest.mark.parametrize(
    ("before", "after", "split"),
    [
        ([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7], (6, 0, 0)),  # everyone higher: no small group
        ([1, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 6, 6], None),  # 5 higher, 1 same, 1 lower
        ([1] * 10, [2] * 5 + [0] * 5, (5, 0, 5)),
    ],
)
def test_the_higher_same_lower_split_is_withheld_when_a_group_is_small(before, after, split):
    result = stats.paired(pd.Series(before), pd.Series(after))
    assert pilot.change_split(result, min_cell=5) == split


def test_quartiles_match_the_statistics_module():
    values = pd.Series([2, 3, 3, 4, 5, 5, 6, 6, 7, 7, 8, None])
    known = [v for v in values if v == v]
    q1, median, q3 = statistics.quantiles(known, n=4, method="inclusive")
    assert pilot.quartiles(values) == {
        "min": 2,
        "q1": q1,
        "median": statistics.median(known),
        "q3": q3,
        "max": 8,
    }
    assert median == statistics.median(known)
    assert pilot.quartiles(pd.Series([None], dtype=float)) is None


def test_the_spread_chart_shows_no_one_persons_answers():
    pairs = [p for p in demo_pilot().values() if None not in p.values()]
    scores = pd.DataFrame(
        {
            "participant": [f"P{i:02d}" for i in range(1, len(pairs) + 1)],
            "score_before": [p["pre"] for p in pairs],
            "score_after": [p["post"] for p in pairs],
            "is_matched": True,
        }
    )
    fig = pilot_charts.before_after_spread(scores, "Perinatal #1", "Perinatal", NO_FILTERS)
    spec = json.loads(fig.to_json())
    boxes = {trace["name"]: trace for trace in spec["data"]}
    assert set(boxes) == {"Before", "After"}
    assert boxes["After"]["median"] == [statistics.median(p["post"] for p in pairs)]
    assert boxes["Before"]["lowerfence"] == [min(p["pre"] for p in pairs)]
    assert "P01" not in fig.to_json() and "x" not in boxes["After"]
    assert f"n = {len(pairs)}" in spec["layout"]["title"]["subtitle"]["text"]


def test_a_band_under_five_is_named_without_its_number():
    bands = pd.DataFrame(
        {
            "band": ["low (0-4)", "middle (5-7)", "high (8-10)"],
            "n_pairs": [4, 6, 1],
            "mean_change": [4.25, 1.5, 1.0],
        }
    )
    protected = suppression.suppress(bands, count_column="n_pairs", value_columns=("mean_change",))
    spec = json.loads(pilot_charts.change_by_band(protected, 11, NO_FILTERS).to_json())
    texts = spec["data"][0]["text"]
    assert texts == ["n <5: not shown", "+1.5 (n=6)", "n <5: not shown"]
    assert "4.2" not in json.dumps(spec["data"]) and "4.25" not in json.dumps(spec["data"])
