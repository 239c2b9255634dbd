"""The real app in AppTest: login by role, the navigation each role gets, and the System
baseline page's numbers and filters."""

from __future__ import annotations

import json
import re
import statistics

import pytest

from chatr.filters import Filters
from tests.app.conftest import ROLES, metric, new_app, sign_in
from tests.conftest import demo_respondents, select

pytestmark = pytest.mark.usefixtures("app_home")
PAGE = "pages/system_baseline.py"


def open_baseline(username: str, **query_params: str):
    """Sign in and open the System baseline page, as a user clicking it in the menu."""
    return sign_in(new_app(**query_params), username).switch_page(PAGE).run()


def test_logged_out_sees_the_login_form_and_no_data():
    app = new_app()
    assert not app.exception
    assert {f.label for f in app.text_input} == {"Username", "Password"}
    assert not app.metric and not app.get("plotly_chart")
    assert "Ask the programme's dashboard admin" in app.markdown[0].value


def test_a_deep_link_while_logged_out_shows_no_data():
    app = new_app(life_stage="Perinatal")
    assert not app.metric and not app.get("plotly_chart")


def test_wrong_password_is_refused_without_saying_which_part_was_wrong():
    app = sign_in(new_app(), "test_viewer", "not the password")
    assert [e.value for e in app.error] == ["User name or password is incorrect."]
    assert not app.metric
    unknown = sign_in(new_app(), "nobody_here", "not the password")
    assert [e.value for e in unknown.error] == ["User name or password is incorrect."]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_and_sees_the_system_baseline(role):
    app = open_baseline(f"test_{role}")
    assert not app.exception
    assert app.title[0].value == "System baseline survey"
    # 2 of the 100 did not answer the 0-10 question: the board sees each question's n, not
    # the total beside it that would give those 2 away.
    assert metric(app, "Respondents") == ("–" if role == "viewer" else "100")
    assert metric(app, "Answered: 0-10 use") == "98"
    assert len(app.get("plotly_chart")) == 6
    assert f"({role})" in app.sidebar.markdown[0].value
    assert [b.label for b in app.sidebar.button] == ["Log out"]


def test_every_chart_states_its_n_and_the_filters():
    import json

    app = open_baseline("test_viewer")
    assert not app.exception
    assert len(app.get("plotly_chart")) == 6  # a loop over no charts would prove nothing
    for chart in app.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        subtitle = figure["layout"]["title"]["subtitle"]["text"]
        assert "n = " in subtitle and "Life stages: all life stages" in subtitle


def test_each_chart_is_headed_by_its_finding_from_the_numbers():
    app = open_baseline("test_lead", life_stage="0-5")
    people = select(demo_respondents(), ("0-5",))
    scores = [p.score for p in people if p.score is not None]
    # Each finding in bold, written as plain text (markdown's characters escaped).
    findings = [re.sub(r"\\(.)", r"\1", m.value) for m in app.markdown if m.value.startswith("**")]
    assert len(findings) == len(app.get("plotly_chart")) == 6
    expected = (
        "Before training, respondents rate their use of trauma-informed practice "
        f"{statistics.mean(scores):.1f} out of 10 on average "
        f"(median {statistics.median(scores):g})."
    )
    assert f"**{expected}**" in findings


@pytest.mark.parametrize(
    ("stages", "orgs"),
    [(["Perinatal"], []), (["0-5", "19-25"], ["Local authority"]), ([], ["Other"])],
)
def test_sidebar_filters_change_the_numbers(stages, orgs):
    app = open_baseline("test_lead")
    app.sidebar.multiselect[0].set_value(stages)
    app.sidebar.multiselect[1].set_value(orgs)
    app.run()
    people = select(demo_respondents(), tuple(stages), tuple(orgs))
    assert metric(app, "Respondents") == str(len(people))
    assert Filters.from_query_params(app.query_params) == Filters.of(stages, orgs)


def test_a_shared_link_opens_with_its_filters():
    app = open_baseline("test_lead", life_stage="0-5")
    expected = len(select(demo_respondents(), ("0-5",)))
    assert metric(app, "Respondents") == str(expected)
    assert app.sidebar.multiselect[0].value == ["0-5"]


def test_no_respondents_for_a_filter_says_so():
    app = open_baseline("test_viewer")
    app.sidebar.multiselect[0].set_value(["Perinatal"])
    app.sidebar.multiselect[1].set_value(["School"])
    app.run()
    assert "No respondents match" in app.info[0].value
    assert not app.get("plotly_chart")


def test_log_out_returns_to_the_login_form():
    app = open_baseline("test_admin")
    app.sidebar.button[0].click()
    app.run()
    assert not app.metric
    assert {f.label for f in app.text_input} == {"Username", "Password"}


def small_filter() -> tuple[list[str], list[str]]:
    """A filter leaving between 5 and 30 respondents with some breakdown cells under 5."""
    return ["19-25"], ["Local authority", "Hospital", "GP practice"]


def chart_labels(app) -> list[str]:
    labels = []
    for chart in app.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            labels += [str(t) for t in trace.get("text") or []]
    return labels


def test_a_viewer_sees_under_five_instead_of_small_counts():
    stages, orgs = small_filter()
    people = select(demo_respondents(), tuple(stages), tuple(orgs))
    assert len(people) >= 5
    app = open_baseline("test_viewer")
    app.sidebar.multiselect[0].set_value(stages)
    app.sidebar.multiselect[1].set_value(orgs).run()
    labels = chart_labels(app)
    assert "<5" in labels
    for label in labels:  # no bar label shows a count from 1 to 4
        assert not re.search(r"\((n=)?[1-4]\)$", label), label
    assert not any("Counts under 5 are shown to you" in c.value for c in app.caption)


def test_a_lead_sees_every_count_with_a_notice():
    stages, orgs = small_filter()
    app = open_baseline("test_lead")
    app.sidebar.multiselect[0].set_value(stages)
    app.sidebar.multiselect[1].set_value(orgs).run()
    assert "<5" not in chart_labels(app)
    assert any("Counts under 5 are shown to you" in c.value for c in app.caption)


def test_a_viewer_sees_nothing_of_a_group_under_five():
    app = open_baseline("test_viewer")
    app.sidebar.multiselect[0].set_value(["19-25"])
    app.sidebar.multiselect[1].set_value(["Hospital"]).run()
    people = select(demo_respondents(), ("19-25",), ("Hospital",))
    assert 0 < len(people) < 5
    assert "Fewer than 5 respondents match" in app.info[0].value
    assert not app.get("plotly_chart") and not app.metric
