"""The Pilot results page in AppTest: the seed's evaluation on screen for every role, the
organisation filter, and the compare view with a second cohort loaded through the real loader."""

from __future__ import annotations

import csv
import json
import re
import statistics

import pytest
from scipy import stats as scipy_stats

from chatr import db, load, stats
from tests.app.conftest import metric, new_app, open_chart_data, sign_in
from tests.conftest import DATA, build_instance, demo_pilot

PAGE = "pages/pilot_results.py"


def open_page(username: str):
    app = sign_in(new_app(), username)
    return app.switch_page(PAGE).run()


def chart_titles(app) -> list[str]:
    return [
        json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ")
        for c in app.get("plotly_chart")
    ]


@pytest.mark.usefixtures("app_home")
@pytest.mark.parametrize("role", ["lead", "admin"])
def test_leads_and_admins_see_the_perinatal_pilot_as_the_seed_reports_it(role):
    app = open_page(f"test_{role}")
    assert not app.exception
    assert app.title[0].value == "Pilot results"
    pairs = [p for p in demo_pilot().values() if None not in p.values()]
    after = [p["post"] for p in pairs]
    assert metric(app, "Matched pairs") == str(len(pairs)) == "11"
    assert metric(app, f"Median after (range {min(after)}–{max(after)})") == "8"
    assert statistics.median(after) == 8 and (min(after), max(after)) == (6, 10)
    titles = chart_titles(app)
    assert titles == [
        "Perinatal #1: self-rating before, after and months after the programme",
        "Who gained most? Change by starting point",
        "How participants rated the programme",
        "Perinatal #1: does the change last?",  # the demo's synthetic follow-up
    ]
    likert = json.loads(app.get("plotly_chart")[2].proto.spec)
    labels = likert["data"][-1]["text"]
    assert "<b>82% agree</b>" in labels and labels.count("<b>100% agree</b>") == 3
    assert any("11 of 11" in m.value for m in app.markdown)
    quotes = [e.label for e in app.expander]
    assert "Retrospective: what went well (4)" in quotes and "What could be improved (13)" in quotes
    assert any("board members (viewers)" in c.value for c in app.caption)


@pytest.mark.usefixtures("app_home")
def test_the_board_sees_the_pilot_with_no_group_under_five():
    app = open_page("test_viewer")
    assert not app.exception
    pairs = [p for p in demo_pilot().values() if None not in p.values()]
    assert metric(app, "Matched pairs") == "11"
    assert metric(app, "Median after (range 6–10)") == "8"
    assert chart_titles(app) == [
        "Perinatal #1: self-rating before, after and months after the programme",
        "Who gained most? Change by starting point",
        "How participants rated the programme",
        "Perinatal #1: does the change last?",  # the demo's synthetic follow-up
    ]
    spread, bands, likert, _ = (json.loads(c.proto.spec) for c in app.get("plotly_chart"))
    assert [t["type"] for t in spread["data"]] == ["box", "box", "box"]  # with months later
    assert spread["data"][1]["median"] == [statistics.median(p["post"] for p in pairs)]
    assert "P01" not in json.dumps(spread)
    in_band = {
        label: sum(low <= p["pre"] <= high for p in pairs) for label, low, high in stats.BANDS
    }
    for label, text in zip(bands["data"][0]["x"], bands["data"][0]["text"], strict=True):
        small = in_band[label] < 5
        assert ("not shown" in text) == small, (label, text)
    # Statements where fewer than 5 did not agree (or agree) are withheld, and named.
    likert_labels = likert["data"][-1]["text"]
    assert "<b>82% agree</b>" not in likert_labels and likert_labels.count("<b>100% agree</b>") == 3
    assert any(c.value.startswith("Not shown, because fewer than 5") for c in app.caption)
    legend = {t["name"] for t in likert["data"] if t.get("showlegend", True) and "name" in t}
    assert legend == {"Disagree", "Neither agree nor disagree", "Agree"}
    # 11 of 11 higher: no group under 5, so the split is shown.
    assert any("11 of 11" in m.value for m in app.markdown)


@pytest.mark.usefixtures("app_home")
def test_no_names_or_emails_for_a_viewer():
    app = open_page("test_viewer")
    assert not app.exception
    assert len(app.get("plotly_chart")) == 4  # the page drew its charts: absence means something
    shown = " ".join(str(getattr(e, "value", "")) for e in app.main if hasattr(e, "value"))
    shown += " ".join(c.proto.spec for c in app.get("plotly_chart"))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", shown)  # no e-mail address
    for email in demo_pilot():
        assert email.split("@")[0].split(".")[0].title() not in shown


@pytest.mark.usefixtures("app_home")
def test_the_organisation_filter_narrows_the_participants():
    app = open_page("test_lead")
    app.sidebar.multiselect[1].set_value(["East London NHS Foundation Trust"]).run()
    assert not app.exception
    assert metric(app, "Matched pairs") == "5"
    assert any("Only 5 matched pairs" in w.value for w in app.warning)


@pytest.fixture
def two_cohorts_home(tmp_path, monkeypatch):
    """An instance with a second evaluated cohort (0-5 #1), loaded by the real loader."""
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    build_instance(tmp_path, users=[("compare_lead", "lead", "Compare Lead", "lead@example.org")])
    con = db.connect()
    with db.transaction(con) as tx:
        load.load_canonical(tx, "pilot", DATA / "pilot_perinatal_1.csv", "0-5 #1", "test")
    con.close()
    return tmp_path


def test_latest_cohort_is_the_default_and_two_can_be_compared(two_cohorts_home):
    app = open_page("compare_lead")
    assert app.selectbox[0].value == "0-5 #1"  # started after Perinatal #1
    assert app.selectbox[0].options == ["0-5 #1", "Perinatal #1"]
    app.toggle[0].set_value(True).run()
    assert not app.exception
    assert [s.value for s in app.selectbox] == ["0-5 #1", "Perinatal #1"]
    assert [h.value for h in app.subheader] == ["0-5 #1", "Perinatal #1"]
    assert len(app.get("plotly_chart")) == 7  # the demo cohort's follow-up; none for 0-5 #1
    app.selectbox[1].set_value("0-5 #1").run()
    assert "Choose two different cohorts" in app.info[0].value


def test_life_stage_filter_limits_the_cohorts(two_cohorts_home):
    app = open_page("compare_lead")
    app.sidebar.multiselect[0].set_value(["Perinatal"]).run()
    assert app.selectbox[0].options == ["Perinatal #1"]
    app.sidebar.multiselect[0].set_value(["19-25"]).run()
    assert "No cohort in the chosen life stages" in app.info[0].value


@pytest.mark.usefixtures("app_home")
def test_a_viewer_sees_nothing_of_fewer_than_five_participants():
    app = open_page("test_viewer")
    app.sidebar.multiselect[1].set_value(["Hospital"]).run()
    assert "Fewer than 5 participants with both surveys match" in app.info[0].value
    assert not app.metric and not app.get("plotly_chart") and not app.expander
    lead = open_page("test_lead")
    lead.sidebar.multiselect[1].set_value(["Hospital"]).run()
    assert any("What participants said" in e.label for e in lead.expander)


def demo_followup() -> dict[str, int]:
    """The demo's follow-up six months on: e-mail -> 0-10 score (csv module, no chatr code)."""
    with open(DATA / "pilot_followup_perinatal_1.csv", newline="", encoding="utf-8") as handle:
        return {
            row["email"].strip().lower(): int(row["practice_use_score"])
            for row in csv.DictReader(handle)
        }


@pytest.mark.usefixtures("app_home")
@pytest.mark.parametrize("role", ["lead", "viewer"])
def test_the_page_says_whether_the_change_lasts(role):
    app = open_page(f"test_{role}")
    assert not app.exception
    before = {email: p["pre"] for email, p in demo_pilot().items()}
    later = demo_followup()
    both = sorted(set(before) & set(later))
    change = statistics.mean(later[e] - before[e] for e in both)
    p_value = scipy_stats.wilcoxon([later[e] for e in both], [before[e] for e in both]).pvalue
    assert any(h.value == "#### Does the change last?" for h in app.markdown)
    assert metric(app, "Sustained change") == f"{change:+.1f}"
    assert metric(app, "With before and follow-up") == str(len(both)) == "11"
    # 11 answers: a range is shown to the board too (from 10, chatr.disclosure.BOX_MIN).
    range_text = f"range {min(later.values())}–{max(later.values())}"
    assert (
        metric(app, f"Median months later ({range_text})")
        == f"{statistics.median(later.values()):g}"
    )
    assert any(f"p = {p_value:.2g}" in m.value for m in app.markdown)
    spec = json.loads(app.get("plotly_chart")[3].proto.spec)
    assert spec["data"][0]["text"] == [
        f"median {statistics.median(v):g}"
        for v in ([p["pre"] for p in demo_pilot().values()],
                  [p["post"] for p in demo_pilot().values()], later.values())
    ]  # fmt: skip
    assert "n = 11" in spec["layout"]["title"]["subtitle"]["text"]
    per_person = json.dumps(json.loads(app.get("plotly_chart")[0].proto.spec))
    assert ("P01" in per_person) == (role == "lead")  # the board sees boxes, never a person
    # The chart's numbers come with it, as a table ("Show the data", once opened).
    tables = [t.value.to_string() for t in open_chart_data(app).table]
    assert any("Months later" in t and "median" in t for t in tables), tables
