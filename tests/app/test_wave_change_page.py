"""The System baseline page's "Change between waves" with the demo's two survey waves, as a
lead and as a board member, against pandas and scipy reading the demo CSV files."""

from __future__ import annotations

import json

import pytest
from scipy import stats as scipy_stats

from tests.app.conftest import ROLES, metric, new_app, sign_in
from tests.app.test_board_specs import too_precise
from tests.conftest import build_instance
from tests.unit.test_demo_waves import BOTH, EARLIER, LATER_PEOPLE


@pytest.fixture(scope="module")
def two_wave_home(tmp_path_factory, app_home):
    """The demo with both waves, as CHATR_HOME for this module; app_home's is put back after
    (asking for app_home first makes it the value restored)."""
    users = [(f"test_{r}", r, f"Test {r.title()}", f"{r}@example.org") for r in ROLES]
    home = build_instance(tmp_path_factory.mktemp("wave-change"), users=users, demo_waves=2)
    mp = pytest.MonkeyPatch()
    mp.setenv("CHATR_HOME", str(home))
    yield home
    mp.undo()


def _page(role: str):
    app = sign_in(new_app(), f"test_{role}").switch_page("pages/system_baseline.py").run()
    assert not app.exception
    return app


def _specs(app) -> dict[str, dict]:
    return {
        json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " "): json.loads(
            c.proto.spec
        )
        for c in app.get("plotly_chart")
    }


@pytest.mark.usefixtures("two_wave_home")
@pytest.mark.parametrize("role", ["lead", "viewer"])
def test_the_change_between_the_demo_waves(role):
    app = _page(role)
    assert "Change between waves" in [h.value for h in app.header]
    assert [b.value for b in app.selectbox if b.label in ("From wave", "To wave")] == [1, 2]
    change = LATER_PEOPLE.score.mean() - EARLIER.score.mean()
    assert metric(app, "Change in mean 0-10 use") == f"{change:+.1f}"
    assert metric(app, "Answered both waves") == str(len(BOTH))
    moved = (BOTH.score_later - BOTH.score_earlier).mean()
    assert metric(app, "Their mean change") == f"{moved:+.1f}"
    p = scipy_stats.wilcoxon(BOTH.score_later, BOTH.score_earlier).pvalue
    assert metric(app, "Wilcoxon p") == f"{p:.2g}"
    # No demo pilot participant answered wave 1: everyone in both waves is untrained.
    assert (metric(app, "Trained: n"), metric(app, "Not trained: n")) == ("0", str(len(BOTH)))
    welch = scipy_stats.ttest_ind(
        LATER_PEOPLE.score.dropna(), EARLIER.score.dropna(), equal_var=False
    )
    low, high = welch.confidence_interval(0.95)
    assert any(f"{low:+.1f} to {high:+.1f}" in c.value for c in app.caption)
    specs = _specs(app)
    distribution = specs["How far is trauma-informed practice used? (0-10), by survey wave"]
    later_share = LATER_PEOPLE.score.value_counts(normalize=True) * 100
    bars = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in distribution["data"]}
    for score, pct in later_share.items():
        shown = bars["Follow-up Nov 2021"][int(score)]
        if role == "lead" or (LATER_PEOPLE.score == score).sum() >= 5:
            assert shown == pytest.approx(pct, abs=0.05), score
    by_org = next(
        s for t, s in specs.items() if t.startswith("Change in use") and "organisation" in t
    )
    hovers = dict(zip(by_org["data"][0]["y"], by_org["data"][0]["customdata"], strict=True))
    for organisation, said in hovers.items():
        n = [
            (p.organisation == organisation).sum()
            for p in (EARLIER.dropna(subset=["score"]), LATER_PEOPLE.dropna(subset=["score"]))
        ]
        small = any(0 < k < 5 for k in n)
        assert said.startswith("not shown") == (role == "viewer" and small), (organisation, said)
    if role == "viewer":
        for title, spec in specs.items():
            assert not too_precise(spec), title
    else:
        assert any(too_precise(spec) for spec in specs.values())  # the check can fail


def test_a_single_wave_instance_has_no_change_section(app_home, monkeypatch):
    monkeypatch.setenv("CHATR_HOME", str(app_home))
    app = _page("lead")
    assert "Change between waves" not in [h.value for h in app.header]
    assert not [b for b in app.selectbox if b.label in ("Survey wave", "From wave", "To wave")]


@pytest.mark.usefixtures("two_wave_home")
def test_the_interest_lists_say_they_hold_the_latest_survey():
    app = sign_in(new_app(), "test_lead").switch_page("pages/interest_lists.py").run()
    assert not app.exception
    caption = app.caption[0].value
    assert "Answers to the latest survey, Follow-up Nov 2021" in caption, caption


def test_a_single_wave_instance_names_no_survey_on_the_interest_lists(app_home, monkeypatch):
    monkeypatch.setenv("CHATR_HOME", str(app_home))
    app = sign_in(new_app(), "test_lead").switch_page("pages/interest_lists.py").run()
    assert not app.exception
    assert app.caption[0].value.startswith("Respondents who would join a development programme ·")
    assert "latest survey" not in app.caption[0].value


@pytest.mark.usefixtures("two_wave_home")
def test_a_later_wave_is_not_called_before_training():
    app = _page("lead")  # the latest wave by default
    assert "a later survey, Follow-up Nov 2021" in app.caption[0].value
    later = LATER_PEOPLE.score.dropna()
    finding = (
        "In Follow-up Nov 2021, respondents rate their use of trauma-informed practice "
        f"{later.mean():.1f} out of 10 on average"
    )
    assert any(finding in m.value.replace("\\", "") for m in app.markdown), finding
    assert not any("Before training" in m.value for m in app.markdown)
