"""Small-number suppression on the Interest lists page: a viewer sees "<5", a lead the counts."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import metric, new_app, sign_in
from tests.conftest import demo_respondents, select

pytestmark = pytest.mark.usefixtures("app_home")
PAGE = "pages/interest_lists.py"
STAGES, ORGS = ["19-25"], ["Local authority", "Hospital", "GP practice"]


def open_filtered(username: str):
    app = sign_in(new_app(), username).switch_page(PAGE).run()
    app.sidebar.multiselect[0].set_value(STAGES)
    return app.sidebar.multiselect[1].set_value(ORGS).run()


def interested() -> list:
    return [
        p
        for p in select(demo_respondents(), tuple(STAGES), tuple(ORGS))
        if p.interest in ("Yes", "Maybe")
    ]


def test_a_viewer_sees_under_five_for_small_counts():
    people = interested()
    yes = sum(p.interest == "Yes" for p in people)
    maybe = len(people) - yes
    assert len(people) >= 5 and min(yes, maybe) < 5  # the case this test is about
    app = open_filtered("test_viewer")
    assert not app.exception
    assert metric(app, "People interested") == str(len(people))
    assert {metric(app, "Yes"), metric(app, "Maybe")} <= {"<5", "hidden"}
    labels = [
        t
        for c in app.get("plotly_chart")
        for tr in json.loads(c.proto.spec)["data"]
        for t in tr.get("text") or []
    ]
    assert labels and not any(label.split()[0] in {"1", "2", "3", "4"} for label in labels)


def test_a_lead_sees_the_counts():
    people = interested()
    app = open_filtered("test_lead")
    assert metric(app, "Yes") == str(sum(p.interest == "Yes" for p in people))
    assert any("Counts under 5 are shown to you" in c.value for c in app.caption)
