"""The Rollout timeline and Interest lists pages in AppTest, under every role: the numbers on
screen against the demo CSVs, what each role may see (a viewer: counts only, never a name or an
e-mail), and a lead editing the plan and marking people, with the history recording it."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from chatr import db, interest, plan_edits
from chatr.filters import Filters
from chatr.ui import cache
from tests.app.conftest import CHART_DATA, ROLES, metric, new_app, open_chart_data, sign_in
from tests.conftest import DATA, demo_respondents

pytestmark = pytest.mark.usefixtures("app_home")

TIMELINE = "pages/rollout_timeline.py"
INTEREST = "pages/interest_lists.py"


def open_page(role: str, page: str) -> AppTest:
    app = sign_in(new_app(), f"test_{role}")
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def demo_statuses(today: date) -> dict[str, str]:
    """Status of each demo cohort on `today`, worked out from the CSVs."""
    with open(DATA / "pilot_perinatal_1.csv", newline="", encoding="utf-8") as handle:
        evaluated = {"Perinatal #1"} if any(True for _ in csv.DictReader(handle)) else set()
    statuses = {}
    with open(DATA / "cohorts.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = f"{row['life_stage']} #{row['cohort_number']}"
            start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
            statuses[label] = (
                "evaluated"
                if label in evaluated
                else "planned"
                if start > today
                else "running"
                if end >= today
                else "done"
            )
    return statuses


def demo_personal_data() -> set[str]:
    """Every name and e-mail in the demo data, as they would be shown."""
    found: set[str] = set()
    for file_name in ("baseline.csv", "pilot_perinatal_1.csv"):
        with open(DATA / file_name, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                found |= {" ".join(row["name"].split()), row["email"].strip().lower()}
    return found - {""}


def everything_shown(app: AppTest) -> str:
    """All text the page sends to the browser: every element's message, tables' cells included
    (decoded, since their Arrow bytes are not text), and chart specs."""
    parts: list[str] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
            return
        if node.type == "dataframe":
            parts.append(node.value.to_csv(index=False))
        else:
            parts.append(str(node.proto))

    for root in (app.main, app.sidebar):  # everything a page draws sits in one of them
        walk(root)
    return "\n".join(parts)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
CHART_DATA_CSV = "Download these numbers (CSV)"  # every chart's own data, not personal


def page_downloads(app: AppTest) -> list:
    """The page's own download buttons (not the one under each chart)."""
    return [b for b in app.download_button if b.label != CHART_DATA_CSV]


def assert_no_personal_data(app: AppTest) -> None:
    assert not app.exception  # a page that crashed shows no personal data, and proves nothing
    if any(e.label == CHART_DATA for e in app.expander):
        open_chart_data(app)  # the charts' tables too, as a board member who opens them sees
        assert not app.exception
    shown = everything_shown(app)
    assert app.title, "the page drew nothing"
    assert not EMAIL.search(shown), EMAIL.search(shown)
    leaked = sorted(p for p in demo_personal_data() if p in shown)
    assert not leaked, f"a viewer was shown {leaked[:5]}"


def chart_subtitles(app: AppTest) -> list[str]:
    return [
        json.loads(chart.proto.spec)["layout"]["title"]["subtitle"]["text"]
        for chart in app.get("plotly_chart")
    ]


@pytest.fixture
def undo_edits() -> Iterator[None]:
    """Remove what a test adds to the shared demo instance, so other tests see the demo plan."""
    yield
    con = cache.connection()
    with db.transaction(con) as tx:
        tx.execute("delete from recruitment_mark")
        tx.execute("delete from plan_change")
        tx.execute("delete from cohort where batch_id is null")  # added in the app
        tx.execute("delete from comms_event where batch_id is null")


# --- Rollout timeline -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_rollout_plan(role):
    app = open_page(role, TIMELINE)
    assert app.title[0].value == "Rollout timeline"
    statuses = list(demo_statuses(date.today()).values())
    for status in ("evaluated", "done", "running", "planned"):
        assert metric(app, f"Cohorts {status}") == str(statuses.count(status))
    assert metric(app, "Next cohort starts") == "none"  # the demo plan ends in Dec 2021
    assert "No cohort is planned after today" in app.info[0].value
    [subtitle] = chart_subtitles(app)
    assert "n = 10 cohorts in the plan" in subtitle and "Life stages: all life stages" in subtitle
    cohorts = app.dataframe[0].value
    assert sorted(cohorts["Cohort"]) == sorted(demo_statuses(date.today()))
    assert page_downloads(app)[0].label.startswith("Download the plan (CSV")
    can_edit = role != "viewer"
    assert bool(app.tabs) == can_edit
    assert any(b.label == "Add cohort" for b in app.button) == can_edit


def test_the_life_stage_filter_narrows_the_plan():
    app = sign_in(new_app(life_stage="0-5"), "test_viewer")
    app.switch_page(TIMELINE)
    app.run()
    assert list(app.dataframe[0].value["Cohort"]) == ["0-5 #1", "0-5 #2"]
    assert "n = 2 cohorts in the plan" in chart_subtitles(app)[0]


def test_a_viewer_sees_no_personal_data_on_the_timeline():
    assert_no_personal_data(open_page("viewer", TIMELINE))


@pytest.mark.usefixtures("undo_edits")
def test_a_lead_adds_and_moves_a_cohort_and_the_history_records_it():
    app = open_page("lead", TIMELINE)
    app.selectbox(key="add_stage").set_value("11-19")
    app.run()
    assert app.number_input(key="add_number_11-19").value == 3  # the next free number
    app.date_input(key="add_start").set_value(date(2030, 1, 7))
    app.date_input(key="add_end").set_value(date(2030, 2, 1))
    next(b for b in app.button if b.label == "Add cohort").click()
    app.run()
    assert not app.exception
    assert app.success[0].value == "Added 11-19 #3: 07 Jan 2030 – 01 Feb 2030."
    assert metric(app, "Cohorts planned") == "1"
    assert metric(app, "Next cohort starts") == "07 Jan 2030"
    assert "n = 11 cohorts in the plan" in chart_subtitles(app)[0]

    app.selectbox(key="move_cohort").set_value(_cohort_id("11-19 #3"))
    app.run()
    [start, end] = [d for d in app.date_input if d.label.startswith("New ")]
    start.set_value(date(2030, 3, 4))
    end.set_value(date(2030, 3, 1))  # before the start: refused
    next(b for b in app.button if b.label == "Save the new dates").click()
    app.run()
    assert "Nothing was changed" in app.error[0].value
    assert (
        "**End date**: 01 Mar 2030 is not after the start date 04 Mar 2030." in app.error[0].value
    )
    assert metric(app, "Next cohort starts") == "07 Jan 2030"

    [start, end] = [d for d in app.date_input if d.label.startswith("New ")]
    end.set_value(date(2030, 3, 29))
    start.set_value(date(2030, 3, 4))
    next(b for b in app.button if b.label == "Save the new dates").click()
    app.run()
    assert app.success[0].value == "Moved 11-19 #3 to 04 Mar 2030 – 29 Mar 2030."
    assert metric(app, "Next cohort starts") == "04 Mar 2030"
    history = app.dataframe[1].value
    assert list(history["Who"]) == ["test_lead", "test_lead"]
    assert list(history["Change"]) == ["move_cohort", "add_cohort"]
    assert list(history["Cohort or event"]) == ["11-19 #3", "11-19 #3"]
    assert history["Detail"].iloc[0] == (
        "07 Jan 2030 – 01 Feb 2030, 11 places, Online (Zoom) → "
        "04 Mar 2030 – 29 Mar 2030, 11 places, Online (Zoom)"
    )


@pytest.mark.usefixtures("undo_edits")
def test_a_lead_cancels_a_cohort_only_after_confirming():
    app = open_page("lead", TIMELINE)
    app.selectbox(key="cancel_cohort").set_value(_cohort_id("19-25 #2")).run()
    button = next(b for b in app.button if b.label == "Cancel the cohort")
    assert button.disabled
    app.checkbox(key=f"cancel_sure_{_cohort_id('19-25 #2')}").check().run()
    next(b for b in app.button if b.label == "Cancel the cohort").click().run()
    assert app.success[0].value == "Cancelled 19-25 #2."
    assert "1 cancelled (hatched)" in chart_subtitles(app)[0]
    assert app.dataframe[1].value["Change"].iloc[0] == "cancel_cohort"
    _restore("19-25 #2")


def _cohort_id(label: str) -> int:
    life_stage, number = label.split(" #")
    rows = cache.connection().execute(
        "select cohort_id from cohort where life_stage = ? and cohort_number = ?",
        [life_stage, int(number)],
    )
    return int(rows.fetchall()[0][0])


def _restore(label: str) -> None:
    with db.transaction(cache.connection()) as tx:
        tx.execute(
            "update cohort set is_cancelled = false where cohort_id = ?", [_cohort_id(label)]
        )


@pytest.mark.usefixtures("undo_edits")
def test_a_lead_adds_a_comms_event():
    app = open_page("lead", TIMELINE)
    app.date_input(key="event_date").set_value(date(2030, 1, 20))
    app.selectbox(key="event_kind").set_value("newsletter").run()
    next(b for b in app.button if b.label == "Add event").click().run()
    assert app.success[0].value == "Added Newsletter on 20 Jan 2030."
    assert app.dataframe[1].value["Detail"].iloc[0] == "Newsletter on 20 Jan 2030"


# --- Interest lists -------------------------------------------------------------------------


def interested(answers=("Yes", "Maybe")) -> list:
    return [r for r in demo_respondents() if r.interest in answers]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_interest_counts_and_demand(role):
    app = open_page(role, INTEREST)
    people = interested()
    assert metric(app, "People interested") == str(len(people))
    assert metric(app, "Yes") == str(sum(r.interest == "Yes" for r in people))
    assert metric(app, "Maybe") == str(sum(r.interest == "Maybe" for r in people))
    [subtitle] = chart_subtitles(app)
    assert f"n = {len(people)} people interested" in subtitle
    chart = json.loads(app.get("plotly_chart")[0].proto.spec)
    bars = chart["data"][0]  # numbers travel as binary arrays; the bar labels are text
    assert bars["y"] == ["19-25", "11-19", "5-11", "0-5", "Perinatal"]
    for stage, label in zip(bars["y"], bars["text"], strict=True):
        assert label == f"{sum(stage in r.life_stages for r in people)} interested"
    assert "No cohort is planned for Perinatal (" in app.warning[0].value


def test_a_viewer_sees_counts_only_and_no_personal_data():
    app = open_page("viewer", INTEREST)
    assert not app.dataframe and not page_downloads(app)
    assert (
        app.info[-1].value
        == "Names and contact details are shown to programme leads and admins only."
    )
    assert_no_personal_data(app)


def test_answer_choice_changes_the_counts():
    app = open_page("viewer", INTEREST)
    app.multiselect(key="interest_answers").set_value(["Maybe"]).run()
    assert metric(app, "People interested") == str(len(interested(("Maybe",))))
    assert_no_personal_data(app)


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_leads_and_admins_see_the_list_a_page_at_a_time_and_can_download_it(role):
    app = open_page(role, INTEREST)
    people = interested()
    first = app.dataframe[0].value
    assert len(first) == 50 and list(first.columns[:2]) == ["Name", "E-mail"]
    assert app.pagination[0].num_pages == 2
    app.pagination[0].set_value(2).run()
    second = app.dataframe[0].value
    shown = set(first["E-mail"]) | set(second["E-mail"])
    assert len(first) + len(second) == len(shown) == len(people)
    assert shown == {r.email for r in people}
    assert page_downloads(app)[0].label == f"Download CSV ({len(people)} people)"


def test_the_life_stage_filter_narrows_the_list():
    app = sign_in(new_app(life_stage="19-25"), "test_lead")
    app.switch_page(INTEREST)
    app.run()
    expected = {r.email for r in interested() if "19-25" in r.life_stages}
    assert set(app.dataframe[0].value["E-mail"]) == expected
    assert not app.pagination  # one page


@pytest.mark.usefixtures("undo_edits")
def test_a_lead_marks_people_invited_to_a_planned_cohort():
    con = cache.connection()
    cohort = plan_edits.add_cohort(con, "test_lead", "0-5", 3, date(2030, 1, 7), date(2030, 2, 1))
    first_three = list(interest.people(con, Filters(), page_size=3)["person_id"])
    app = open_page("lead", INTEREST)
    app.multiselect(key="mark_people").set_value(first_three)
    app.selectbox(key="mark_cohort").set_value(cohort)
    app.radio(key="mark_status").set_value("invited")
    next(b for b in app.button if b.label == "Save marks").click().run()
    assert not app.exception
    assert app.success[0].value == "Saved: marked invited: 3 people."
    assert metric(app, "Invited") == "3"
    recruitment = app.dataframe[0].value["Recruitment"]
    assert list(recruitment[:3]) == ["invited · 0-5 #3"] * 3


@pytest.mark.usefixtures("undo_edits")
def test_a_refused_mark_says_why_and_changes_nothing():
    con = cache.connection()
    cohort = plan_edits.add_cohort(
        con, "test_lead", "0-5", 3, date(2030, 1, 7), date(2030, 2, 1), 2
    )
    first_three = list(interest.people(con, Filters(), page_size=3)["person_id"])
    app = open_page("lead", INTEREST)
    app.multiselect(key="mark_people").set_value(first_three)
    app.selectbox(key="mark_cohort").set_value(cohort)
    app.radio(key="mark_status").set_value("allocated")
    next(b for b in app.button if b.label == "Save marks").click().run()
    assert "**Places**: 0-5 #3 has 2 places and 0 already allocated" in app.error[0].value
    assert metric(app, "Allocated a place") == "0"


def test_the_personal_data_check_finds_what_a_lead_is_shown():
    """The viewer checks above would pass vacuously if the scan could not see table cells."""
    shown = everything_shown(open_page("lead", INTEREST))
    assert "@" in shown
    assert any(person in shown for person in demo_personal_data())
