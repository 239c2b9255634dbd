"""The rollout plan: the demo plan read back, and the rules of every edit (each refusal says which
field is wrong and changes nothing; each accepted edit is one transaction, recorded in history)."""

from __future__ import annotations

import csv
from datetime import date

import duckdb
import pandas as pd
import pytest

from chatr import db, disclosure, export, plan_edits, rollout
from chatr.charts import timeline as timeline_charts
from chatr.filters import Filters
from tests.conftest import DATA, demo_pilot

TODAY = date(2026, 11, 28)  # every demo cohort (Nov 2020 - Dec 2021) is in the past
LEAD = "test_lead"
ALL = Filters()


def demo_plan() -> list[dict[str, str]]:
    with open(DATA / "cohorts.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def demo_comms() -> list[dict[str, str]]:
    with open(DATA / "comms.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def state(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Everything a plan edit could touch."""
    tables = ("cohort", "comms_event", "plan_change", "data_version")
    return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in tables}


def cohort_id(con: duckdb.DuckDBPyConnection, label: str) -> int:
    frame = rollout.timeline(con, TODAY)
    return int(frame.loc[frame["cohort_label"] == label, "cohort_id"].iloc[0])


def row(con: duckdb.DuckDBPyConnection, label: str):
    frame = rollout.timeline(con, TODAY)
    return frame[frame["cohort_label"] == label].iloc[0]


def test_timeline_is_the_demo_plan_with_status_and_participants(demo_con):
    frame = rollout.timeline(demo_con, TODAY)
    expected = demo_plan()
    assert len(frame) == len(expected) == 10
    by_label = frame.set_index("cohort_label")
    for entry in expected:
        got = by_label.loc[f"{entry['life_stage']} #{entry['cohort_number']}"]
        assert got.start_date.date().isoformat() == entry["start_date"]
        assert got.end_date.date().isoformat() == entry["end_date"]
        assert int(got.places) == int(entry["places"]) == 11
        assert got.location == entry["location"]
    # Perinatal #1 has pilot data; every other cohort ended before TODAY.
    assert by_label.loc["Perinatal #1", "status"] == "evaluated"
    assert set(by_label.drop("Perinatal #1")["status"]) == {"done"}
    participants = [
        e for e, waves in demo_pilot().items() if any(v is not None for v in waves.values())
    ]
    assert by_label.loc["Perinatal #1", "n_participants"] == len(set(participants))
    assert by_label.drop("Perinatal #1")["n_participants"].sum() == 0
    assert frame[["n_invited", "n_allocated"]].to_numpy().sum() == 0


def test_timeline_keeps_only_the_chosen_life_stages(demo_con):
    frame = rollout.timeline(demo_con, TODAY, ("0-5", "19-25"))
    assert list(frame["cohort_label"]) == ["0-5 #1", "0-5 #2", "19-25 #1", "19-25 #2"]


def test_status_follows_today(demo_con):
    frame = rollout.timeline(demo_con, date(2021, 6, 1)).set_index("cohort_label")
    assert frame.loc["11-19 #1", "status"] == "running"  # 10 May - 4 Jun 2021
    assert frame.loc["0-5 #2", "status"] == "planned"  # starts 7 Jun 2021
    assert frame.loc["0-5 #1", "status"] == "done"


def test_comms_events_are_the_demo_events_in_date_order(demo_con):
    events = rollout.comms_events(demo_con)
    expected = sorted(demo_comms(), key=lambda e: e["event_date"])
    assert [d.date().isoformat() for d in events["event_date"]] == [
        e["event_date"] for e in expected
    ]
    assert list(events["title"]) == [e["title"] for e in expected]
    assert set(events["kind_label"]) == {"Show & Tell", "Newsletter", "Service-lead meeting"}


def test_add_cohort_plans_it_and_records_who_and_what(fresh_con):
    version = db.data_version(fresh_con)
    assert rollout.next_cohort_number(fresh_con, "Perinatal") == 3
    new_id = plan_edits.add_cohort(
        fresh_con, LEAD, "Perinatal", 3, date(2027, 1, 4), date(2027, 1, 29), 12, " Town Hall "
    )
    added = row(fresh_con, "Perinatal #3")
    assert int(added.cohort_id) == new_id
    assert (added.status, int(added.places), added.location) == ("planned", 12, "Town Hall")
    assert rollout.next_cohort_number(fresh_con, "Perinatal") == 4
    assert db.data_version(fresh_con) == version + 1
    history = rollout.history(fresh_con)
    assert len(history) == 1
    entry = history.iloc[0]
    assert (entry.changed_by, entry.action, entry.subject) == (LEAD, "add_cohort", "Perinatal #3")
    assert entry.detail == "04 Jan 2027 – 29 Jan 2027, 12 places, Town Hall"


def test_a_life_stage_alias_is_accepted_as_its_canonical_stage(fresh_con):
    plan_edits.add_cohort(fresh_con, LEAD, "0-5s", 3, date(2027, 1, 4), date(2027, 1, 29))
    assert row(fresh_con, "0-5 #3").life_stage == "0-5"


GOOD = {
    "life_stage": "5-11",
    "cohort_number": 3,
    "start_date": date(2027, 3, 1),
    "end_date": date(2027, 3, 26),
    "places": 11,
}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"end_date": date(2027, 2, 1)}, "End date", "is not after the start date 01 Mar 2027"),
        ({"end_date": date(2027, 3, 1)}, "End date", "is not after the start date"),
        ({"start_date": None}, "Start date", "Choose"),
        ({"end_date": None}, "End date", "Choose"),
        ({"life_stage": "Teens"}, "Life stage", "'Teens' is not one of Perinatal, 0-5"),
        ({"life_stage": ""}, "Life stage", "is not one of"),
        ({"cohort_number": 2}, "Cohort number", "5-11 #2 is already in the plan. Use number 3"),
        ({"cohort_number": 0}, "Cohort number", "from 1 up"),
        ({"places": 0}, "Places", "from 1 to 100"),
        ({"places": 101}, "Places", "from 1 to 100"),
    ],
)
def test_add_cohort_refuses_a_broken_rule_and_changes_nothing(fresh_con, change, field, words):
    before = state(fresh_con)
    with pytest.raises(plan_edits.PlanRefused) as refused:
        plan_edits.add_cohort(fresh_con, LEAD, **(GOOD | change))
    assert [p.field for p in refused.value.problems] == [field]
    assert words in refused.value.problems[0].message
    assert state(fresh_con) == before


def test_every_problem_is_reported_at_once(fresh_con):
    with pytest.raises(plan_edits.PlanRefused) as refused:
        plan_edits.add_cohort(
            fresh_con, LEAD, "Perinatal", 1, date(2027, 2, 1), date(2027, 1, 1), 0
        )
    assert [p.field for p in refused.value.problems] == ["End date", "Places", "Cohort number"]


def test_an_edit_without_a_user_name_is_refused(fresh_con):
    with pytest.raises(plan_edits.PlanRefused, match="Changed by"):
        plan_edits.add_cohort(fresh_con, " ", **GOOD)


def test_a_cancelled_cohort_keeps_its_number(fresh_con):
    plan_edits.add_cohort(fresh_con, LEAD, **GOOD)
    plan_edits.cancel_cohort(fresh_con, LEAD, cohort_id(fresh_con, "5-11 #3"), "trainer ill")
    with pytest.raises(
        plan_edits.PlanRefused, match=r"cancelled: it keeps its number\)\. Use number 4"
    ):
        plan_edits.add_cohort(fresh_con, LEAD, **GOOD)


def test_move_cohort_changes_its_dates_and_records_before_and_after(fresh_con):
    target = cohort_id(fresh_con, "0-5 #2")
    plan_edits.move_cohort(fresh_con, LEAD, target, date(2021, 6, 14), date(2021, 7, 9))
    moved = row(fresh_con, "0-5 #2")
    assert (moved.start_date.date(), moved.end_date.date()) == (date(2021, 6, 14), date(2021, 7, 9))
    assert (int(moved.places), moved.location) == (11, "Online (Zoom)")  # unchanged
    entry = rollout.history(fresh_con).iloc[0]
    assert (entry.action, entry.subject) == ("move_cohort", "0-5 #2")
    assert entry.detail == (
        "07 Jun 2021 – 02 Jul 2021, 11 places, Online (Zoom) → "
        "14 Jun 2021 – 09 Jul 2021, 11 places, Online (Zoom)"
    )


def test_move_cohort_can_change_places_and_location(fresh_con):
    target = cohort_id(fresh_con, "0-5 #2")
    plan_edits.move_cohort(fresh_con, LEAD, target, date(2021, 6, 7), date(2021, 7, 2), 14, "")
    moved = row(fresh_con, "0-5 #2")
    assert int(moved.places) == 14 and pd.isna(moved.location)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (date(2021, 7, 2), date(2021, 6, 7), "End date"),
        (None, date(2021, 6, 7), "Start date"),
    ],
)
def test_move_cohort_refuses_bad_dates_and_changes_nothing(fresh_con, start, end, field):
    before = state(fresh_con)
    with pytest.raises(plan_edits.PlanRefused) as refused:
        plan_edits.move_cohort(fresh_con, LEAD, cohort_id(fresh_con, "0-5 #2"), start, end)
    assert [p.field for p in refused.value.problems] == [field]
    assert state(fresh_con) == before


def test_an_unknown_cohort_is_refused(fresh_con):
    with pytest.raises(plan_edits.PlanRefused, match="no cohort with id 999"):
        plan_edits.move_cohort(fresh_con, LEAD, 999, date(2027, 1, 4), date(2027, 1, 29))


def test_cancel_cohort_marks_it_cancelled_and_records_the_reason(fresh_con):
    target = cohort_id(fresh_con, "19-25 #2")
    plan_edits.cancel_cohort(fresh_con, LEAD, target, "venue closed")
    assert row(fresh_con, "19-25 #2").status == "cancelled"
    entry = rollout.history(fresh_con).iloc[0]
    assert (entry.action, entry.subject) == ("cancel_cohort", "19-25 #2")
    assert entry.detail.endswith("reason: venue closed")
    before = state(fresh_con)
    with pytest.raises(plan_edits.PlanRefused, match="already cancelled"):
        plan_edits.cancel_cohort(fresh_con, LEAD, target)
    with pytest.raises(plan_edits.PlanRefused, match="is cancelled"):
        plan_edits.move_cohort(fresh_con, LEAD, target, date(2027, 1, 4), date(2027, 1, 29))
    assert state(fresh_con) == before


def test_a_cohort_with_pilot_results_cannot_be_cancelled(fresh_con):
    before = state(fresh_con)
    with pytest.raises(plan_edits.PlanRefused, match="Perinatal #1 has pilot results"):
        plan_edits.cancel_cohort(fresh_con, LEAD, cohort_id(fresh_con, "Perinatal #1"))
    assert state(fresh_con) == before


def test_add_comms_event_adds_a_milestone_and_records_it(fresh_con):
    plan_edits.add_comms_event(fresh_con, LEAD, date(2027, 1, 20), "show_and_tell", " Show & Tell ")
    events = rollout.comms_events(fresh_con)
    assert len(events) == len(demo_comms()) + 1
    last = events.iloc[-1]
    assert (last.event_date.date(), last.kind_label, last.title) == (
        date(2027, 1, 20),
        "Show & Tell",
        "Show & Tell",
    )
    entry = rollout.history(fresh_con).iloc[0]
    assert (entry.action, entry.subject, entry.detail) == (
        "add_event",
        "Show & Tell",
        "Show & Tell on 20 Jan 2027",
    )


@pytest.mark.parametrize(
    ("when", "kind", "title", "field"),
    [
        (None, "newsletter", "Newsletter", "Date"),
        (date(2027, 1, 20), "podcast", "Episode 1", "Kind"),
        (date(2027, 1, 20), "newsletter", "  ", "Title"),
    ],
)
def test_add_comms_event_refuses_an_incomplete_event(fresh_con, when, kind, title, field):
    before = state(fresh_con)
    with pytest.raises(plan_edits.PlanRefused) as refused:
        plan_edits.add_comms_event(fresh_con, LEAD, when, kind, title)
    assert [p.field for p in refused.value.problems] == [field]
    assert state(fresh_con) == before


def test_an_edit_whose_history_cannot_be_written_is_undone(fresh_con, monkeypatch):
    """The cohort and its history entry are one transaction: neither without the other."""
    before = state(fresh_con)

    def broken(*args, **kwargs):
        raise duckdb.ConstraintException("history unavailable")

    monkeypatch.setattr(plan_edits, "_record", broken)
    with pytest.raises(duckdb.ConstraintException):
        plan_edits.add_cohort(fresh_con, LEAD, **GOOD)
    assert state(fresh_con) == before


def test_default_dates_are_four_weeks_from_a_monday():
    start, end = rollout.default_dates(TODAY)
    assert start.weekday() == 0 and start > TODAY
    assert (end - start).days == 25 and end.weekday() == 4


def test_display_table_has_no_personal_data(demo_con):
    table = rollout.display_table(disclosure.plan_people(rollout.timeline(demo_con, TODAY), False))
    assert list(table.columns) == [
        "Cohort", "Status", "Starts", "Ends", "Places", "Location", "People",
    ]  # fmt: skip
    assert not table.astype(str).apply(lambda c: c.str.contains("@")).to_numpy().any()


def _gantt(con, today=TODAY, filters=ALL, around_today=False):
    frame = disclosure.plan_people(rollout.timeline(con, today, filters.life_stages), False)
    figure = timeline_charts.rollout_gantt(
        frame, rollout.comms_events(con), today, filters, around_today
    )
    return frame, figure


def test_the_gantt_draws_every_cohort_by_status_and_every_event(demo_con):
    frame, figure = _gantt(demo_con)
    bars = [t for t in figure.data if t.type == "bar"]
    assert {t.name for t in bars} == {"evaluated", "done"}
    assert sum(len(t.customdata) for t in bars) == len(frame) == 10
    markers = [t for t in figure.data if t.type == "scatter"]
    assert sum(len(t.x) for t in markers) == len(demo_comms())
    hovers = [c[0] for t in bars for c in t.customdata]
    perinatal_1 = next(h for h in hovers if h.startswith("<b>Perinatal #1</b>"))
    n_pilot = len([e for e, w in demo_pilot().items() if any(v is not None for v in w.values())])
    for words in ("02 Nov 2020 – 27 Nov 2020", "Online (Zoom)", "11 places", f"{n_pilot} part"):
        assert words in perinatal_1
    subtitle = figure.layout.title.subtitle.text
    assert subtitle.startswith("n = 10 cohorts in the plan<br>Life stages: all life stages")


def test_today_is_a_line_near_the_plan_and_an_arrow_far_from_it(demo_con):
    _, far = _gantt(demo_con)
    assert [a.text for a in far.layout.annotations] == ["Today 28 Nov 2026 →"]
    assert not far.layout.shapes
    _, near = _gantt(demo_con, today=date(2021, 6, 1))
    assert [a.text for a in near.layout.annotations] == ["Today 01 Jun 2021"]
    assert str(near.layout.shapes[0].x0) == "2021-06-01"
    _, around = _gantt(demo_con, around_today=True)
    assert [str(x)[:7] for x in around.layout.xaxis.range] == ["2026-05", "2028-05"]
    assert str(around.layout.shapes[0].x0) == "2026-11-28"


def test_the_gantt_rows_follow_the_life_stage_filter(demo_con):
    frame, figure = _gantt(demo_con, filters=Filters.of(["0-5"], ["School"]))
    assert len(frame) == 2
    assert list(figure.layout.yaxis.categoryarray) == [
        "0-5", "Newsletter", "Show & Tell", "Service-lead meeting",
    ]  # fmt: skip
    assert "organisation filter n/a" in figure.layout.title.subtitle.text


def test_the_plan_download_has_the_layout_of_the_demo_cohorts_csv(demo_con):
    data = export.frame_csv(rollout.plan_csv_rows(rollout.timeline(demo_con, TODAY)))
    text = data.decode("utf-8-sig")
    assert text.replace("\r\n", "\n") == (DATA / "cohorts.csv").read_text(encoding="utf-8")
