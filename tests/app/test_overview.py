"""The Overview page in AppTest, for every role: the headline tiles and its charts."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import ROLES, metric, new_app, sign_in

pytestmark = pytest.mark.usefixtures("app_home")


@pytest.mark.parametrize("role", ROLES)
def test_overview_is_the_first_page_with_the_headline(role):
    app = sign_in(new_app(), f"test_{role}")
    assert not app.exception
    assert app.title[0].value == "ChATR programme overview"
    assert metric(app, "Trained (evaluated cohorts)") == "11"
    # 9 of 11 agreed: the 2 who did not are a group under 5, withheld from the board.
    confident = "–" if role == "viewer" else "82%"
    assert metric(app, "More confident after training") == confident
    assert metric(app, "Baseline use of the approach") == "5.7 / 10"
    assert metric(app, "Interested in training") == "88"
    specs = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    assert [s["layout"]["title"]["text"].replace("<br>", " ") for s in specs] == [
        "Rollout plan: cohorts per life stage",
        # the demo's Perinatal #1 has a follow-up months later
        "Perinatal #1: self-rating before, after and months after the programme",
    ]
    for spec in specs:
        assert "n = " in spec["layout"]["title"]["subtitle"]["text"]
    latest = {t["type"] for t in specs[1]["data"]}
    assert latest == ({"box"} if role == "viewer" else {"scatter"})


def test_filters_apply_to_the_overview():
    app = sign_in(new_app(life_stage="19-25"), "test_viewer")
    assert metric(app, "Trained (evaluated cohorts)") == "0"
    assert metric(app, "Cohorts done") == "2"
    assert metric(app, "Cohorts running / planned") == "0 / 0"
    assert "No cohort in these filters" in app.info[0].value
