"""Loading real survey exports end to end: every tool's layout to the expected figures, bad
files refused with the database exactly as before, re-uploads, newer exports and undo."""

from __future__ import annotations

import json

import pytest

from chatr import admin, db, figures, interest, upload
from chatr.filters import Filters
from tests.conftest import ROOT
from tests.unit.test_auth_and_cli import cli
from tests.unit.test_queries_and_db import _snapshot, assert_counts_match_responses

FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = json.loads((FIXTURES / "expected_stats.json").read_text())["baseline"]
ORGANISATION_KEYS = {
    "cc": "Children's Centre",
    "elft": "East London NHS Foundation Trust",
    "cc_school": "Children's Centre attached to a school",
    "hospital": "Hospital",
    "la": "Local authority",
    "vcs": "Voluntary/community sector",
    "school": "School",
    "gp": "GP practice",
    "other": "Other",
}
BASELINE_FILES = [
    "google_forms/System baseline survey.csv",
    "google_forms/System baseline survey.csv.zip",
    "google_forms/System baseline survey (Responses) - Form responses 1.csv",
    "microsoft_forms/System baseline survey(1-101).xlsx",
    "microsoft_forms/System baseline survey(1-101) - saved as CSV UTF-8.csv",
    "surveymonkey/System baseline survey - Data_All_231113.csv",
    "surveymonkey/System baseline survey - Data_All_231113.xlsx",
    "qualtrics/System+baseline+survey_choice_text.csv",
    "qualtrics/System+baseline+survey_numeric.csv",
]
PILOT_FILES = [
    (
        "google_forms/Pilot cohort - baseline (pre).csv",
        "google_forms/Pilot cohort - follow-up (post).csv",
    ),
    (
        "microsoft_forms/Pilot cohort - baseline (pre)(1-11).xlsx",
        "microsoft_forms/Pilot cohort - follow-up (post)(1-11).xlsx",
    ),
    (
        "surveymonkey/Pilot cohort - baseline (pre) - Data_All_240122.csv",
        "surveymonkey/Pilot cohort - follow-up (post) - Data_All_240415.csv",
    ),
    ("qualtrics/Pilot+cohort+pre+and+post_choice_text.csv", None),
    ("qualtrics/Pilot+cohort+pre+and+post_numeric.csv", None),
]


@pytest.fixture
def empty_con(tmp_path):
    con = db.connect(tmp_path / "chatr.duckdb", create=True)
    yield con
    con.close()


def load(con, relative: str, kind: str, cohort: str | None = None) -> upload.Outcome:
    path = FIXTURES / relative
    return upload.load_file(
        con, path.read_bytes(), path.name, kind, cohort=cohort, uploaded_by="test"
    )


def assert_expected_baseline(result: dict) -> None:
    answered = EXPECTED["answered"]
    assert result["respondents"] == EXPECTED["unique_respondents"]
    assert result["answered"] == {
        "life_stages": answered["life_stage"],
        "organisation": answered["organisation"],
        "practice_use_score": answered["use_0_10"],
        "interest": answered["interest"],
    }
    assert result["practice_use_mean"] == pytest.approx(EXPECTED["use_0_10_mean"], abs=5e-4)
    assert result["practice_use_median"] == EXPECTED["use_0_10_median"]
    assert result["practice_use_distribution"] == EXPECTED["use_0_10_distribution"]
    assert list(result["life_stage_counts"].values()) == list(
        EXPECTED["life_stage_counts"].values()
    )
    assert result["organisation_counts"] == {
        ORGANISATION_KEYS[k]: v for k, v in EXPECTED["organisation_counts"].items()
    }
    assert result["interest_counts"] == {
        k.title(): v for k, v in EXPECTED["interest_counts"].items()
    }


@pytest.mark.parametrize("relative", BASELINE_FILES)
def test_every_baseline_export_loads_to_the_expected_figures(empty_con, relative):
    outcome = load(empty_con, relative, "baseline")
    assert outcome.status == "loaded", outcome.problems
    assert_expected_baseline(figures.baseline_figures(empty_con, Filters()))


@pytest.mark.parametrize(("pre", "post"), PILOT_FILES)
def test_every_pilot_export_loads_to_the_expected_cohort(empty_con, pre, post):
    expected = json.loads((FIXTURES / "expected_stats.json").read_text())["pilot"]
    if post is None:
        assert load(empty_con, pre, "pilot", "Perinatal #1").status == "loaded"
    else:
        assert load(empty_con, pre, "pilot_pre", "Perinatal #1").status == "loaded"
        assert load(empty_con, post, "pilot_post", "Perinatal #1").status == "loaded"
    cohort = figures.figures(empty_con, Filters())["cohorts"][0]
    assert cohort["participants"] == expected["participants"]
    assert cohort["matched_pairs"] == expected["matched_pre_post_pairs"]
    assert (cohort["before"]["median"], cohort["before"]["min"], cohort["before"]["max"]) == (
        expected["pre_median"], *expected["pre_range"],
    )  # fmt: skip
    assert (cohort["after"]["median"], cohort["after"]["min"], cohort["after"]["max"]) == (
        expected["post_median"], *expected["post_range"],
    )  # fmt: skip
    agree = sorted(round(v, 1) for v in cohort["pct_agree"].values())
    counts = expected["agree_or_strongly_agree"].values()
    assert agree == sorted(round(100 * n / expected["participants"], 1) for n in counts)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.csv", "empty"),
        ("header_only.csv", "no"),
        ("binary_renamed.csv", "not"),
        ("truncated.xlsx", ""),
        ("scale_out_of_range.csv", "0 to 10"),
    ],
)
def test_a_bad_file_is_refused_and_the_database_is_exactly_as_before(fresh_con, name, words):
    before = _snapshot(fresh_con)
    outcome = load(fresh_con, f"bad/{name}", "baseline")
    assert outcome.status == "refused"
    assert outcome.parsed.errors and all(p.message for p in outcome.parsed.errors)
    assert words.lower() in " ".join(p.message.lower() for p in outcome.parsed.errors)
    assert _snapshot(fresh_con) == before


def test_out_of_scale_answers_are_located_by_row_column_and_value(empty_con):
    errors = load(empty_con, "bad/scale_out_of_range.csv", "baseline").parsed.errors
    assert {(e.row, e.value) for e in errors} == {(3, "11"), (6, "eight")}
    assert all("To what extent" in e.column for e in errors)


@pytest.mark.parametrize(
    "name", ["semicolon_delimited.csv", "latin1_pound.csv", "xlsx_renamed.csv"]
)
def test_recoverable_files_load_with_a_warning(empty_con, name):
    outcome = load(empty_con, f"bad/{name}", "baseline")
    assert outcome.status == "loaded", outcome.problems
    assert outcome.parsed.warnings


def test_the_same_file_again_is_a_no_op_that_says_so(empty_con):
    assert load(empty_con, BASELINE_FILES[0], "baseline").status == "loaded"
    before = _snapshot(empty_con)
    again = load(empty_con, BASELINE_FILES[0], "baseline")
    assert again.status == "already_loaded" and "already loaded" in again.message
    assert _snapshot(empty_con) == before


def test_a_newer_export_updates_respondents_and_undo_restores(empty_con):
    first = load(empty_con, "google_forms/System baseline survey.csv", "baseline")
    second = load(empty_con, "microsoft_forms/System baseline survey(1-101).xlsx", "baseline")
    assert second.status == "loaded"
    assert figures.baseline_figures(empty_con, Filters())["respondents"] == 100  # not 200
    assert "undone" in upload.undo(empty_con, second.batch_id, undone_by="the_admin")
    assert_expected_baseline(figures.baseline_figures(empty_con, Filters()))
    upload.undo(empty_con, first.batch_id, undone_by="the_admin")
    assert figures.baseline_figures(empty_con, Filters())["respondents"] == 0
    with pytest.raises(ValueError, match="not a loaded batch"):
        upload.undo(empty_con, first.batch_id, undone_by="the_admin")
    history = upload.history(empty_con)
    assert list(history["status"]) == ["undone", "undone"]


def test_the_baseline_counts_follow_every_load_undo_and_erasure(empty_con):
    first = load(empty_con, "google_forms/System baseline survey.csv", "baseline")
    assert_counts_match_responses(empty_con)
    second = load(empty_con, "microsoft_forms/System baseline survey(1-101).xlsx", "baseline")
    assert_counts_match_responses(empty_con)
    upload.undo(empty_con, second.batch_id, undone_by="the_admin")
    assert_counts_match_responses(empty_con)
    email = empty_con.execute("select min(email) from person").fetchall()[0][0]
    admin.erase_person(empty_con, "the_admin", email)
    assert_counts_match_responses(empty_con)
    assert figures.baseline_figures(empty_con, Filters())["respondents"] == (
        EXPECTED["unique_respondents"] - 1
    )
    upload.undo(empty_con, first.batch_id, undone_by="the_admin")
    assert_counts_match_responses(empty_con)
    assert empty_con.execute("select count(*) from baseline_cube").fetchall() == [(0,)]


def test_undoing_a_plan_keeps_the_cohorts_people_are_allocated_to(fresh_con):
    batches = upload.history(fresh_con)
    plan_batch = int(batches[batches["kind"] == "cohorts"]["batch_id"].iloc[0])
    cohort_id, person_id = fresh_con.execute(
        "select (select max(cohort_id) from cohort where batch_id = ?), "
        "(select min(person_id) from baseline_response where interest = 'Yes')",
        [plan_batch],
    ).fetchall()[0]
    fresh_con.execute(
        "insert into recruitment_mark (person_id, status, cohort_id, marked_by) "
        "values (?, 'allocated', ?, 'test')",
        [person_id, cohort_id],
    )
    upload.undo(fresh_con, plan_batch, undone_by="the_admin")
    kept = [row[0] for row in fresh_con.execute("select cohort_id from cohort").fetchall()]
    assert cohort_id in kept and len(kept) == 2  # and the evaluated pilot cohort
    listed = interest.people(fresh_con, Filters(), page_size=None)
    assert listed.loc[listed["person_id"] == person_id, "mark_status"].tolist() == ["allocated"]
    assert interest.summary(fresh_con, Filters()).allocated == 1


def test_a_pilot_for_a_cohort_not_in_the_plan_creates_it_with_a_warning(fresh_con):
    outcome = load(fresh_con, PILOT_FILES[0][0], "pilot_pre", "5-10 #4")
    assert outcome.status == "loaded"
    assert any("5-11 #4 was not in the plan" in note for note in outcome.notes)
    assert len(outcome.unmatched) == 11 and set(outcome.unmatched["missing_survey"]) == {"after"}


def test_cli_load_then_figures(tmp_path):
    assert cli(tmp_path, "init").returncode == 0
    path = FIXTURES / "microsoft_forms/System baseline survey(1-101).xlsx"
    loaded = cli(tmp_path, "load", str(path), "--kind", "baseline")
    assert loaded.returncode == 0 and "Loaded 100 rows" in loaded.stdout
    assert_expected_baseline(json.loads(cli(tmp_path, "figures").stdout)["baseline"])
    refused = cli(
        tmp_path, "load", str(FIXTURES / "bad/scale_out_of_range.csv"), "--kind", "baseline"
    )
    assert refused.returncode == 1 and "row 6" in refused.stdout and "'eight'" in refused.stdout
    usage = cli(tmp_path, "load", str(path), "--kind", "pilot_pre")
    assert usage.returncode == 2 and "--cohort" in usage.stderr


def test_a_column_picked_by_hand_is_remembered_for_the_next_export_of_the_form(empty_con):
    original = (FIXTURES / BASELINE_FILES[0]).read_bytes().decode("utf-8")
    question = (
        "To what extent is ACEs, trauma-informed care, or resilience used as part of your practice?"
    )
    renamed = original.replace(question, "Score yourself")
    first = renamed.encode("utf-8")
    refused = upload.load_file(empty_con, first, "a.csv", "baseline", cohort=None, uploaded_by="t")
    assert refused.status == "refused" and "practice_use_score" in refused.parsed.unmapped
    assert "Score yourself" in refused.parsed.unmapped["practice_use_score"]
    loaded = upload.load_file(
        empty_con, first, "a.csv", "baseline", cohort=None, uploaded_by="t",
        overrides={"practice_use_score": "Score yourself"},
    )  # fmt: skip
    assert loaded.status == "loaded"
    # A later export of the same form (one more blank line: another file) needs no picking.
    later = upload.load_file(
        empty_con, first + b"\r\n", "b.csv", "baseline", cohort=None, uploaded_by="t"
    )
    assert later.status == "loaded", later.problems
    assert_expected_baseline(figures.baseline_figures(empty_con, Filters()))


def test_a_cohort_added_by_a_pilot_upload_is_dated_by_its_surveys(fresh_con):
    load(fresh_con, PILOT_FILES[0][0], "pilot_pre", "0-5 #7")
    load(fresh_con, PILOT_FILES[0][1], "pilot_post", "0-5 #7")
    cohort = next(
        c for c in figures.figures(fresh_con, Filters())["cohorts"] if c["cohort"] == "0-5 #7"
    )
    assert cohort["start"].startswith("2024-01")  # the pre survey's month, not today
    assert cohort["matched_pairs"] == 11


def test_a_baseline_file_chosen_as_a_pilot_is_refused(fresh_con):
    before = _snapshot(fresh_con)
    outcome = load(fresh_con, BASELINE_FILES[0], "pilot_pre", "0-5 #4")
    assert outcome.status == "refused"
    assert any("System baseline survey" in p.message for p in outcome.parsed.errors)
    assert _snapshot(fresh_con) == before


@pytest.mark.parametrize("cohort", [None, "", "next one"])
def test_a_missing_or_unreadable_cohort_is_explained(cohort):
    assert "Perinatal #1" in upload.cohort_problem("pilot_pre", cohort)
    assert upload.cohort_problem("baseline", cohort) is None


def test_a_newer_export_refreshes_changed_names_and_keeps_known_ones(empty_con):
    original = (FIXTURES / BASELINE_FILES[0]).read_bytes()
    assert load(empty_con, BASELINE_FILES[0], "baseline").status == "loaded"
    newer = original.replace(b'"2023/', b'"2024/').replace(b"Rebecca Smith", b"Rebecca Smith-Jones")
    newer = newer.replace(b'"Owen Horton"', b'""')  # a blank answer never erases a known name
    outcome = upload.load_file(
        empty_con, newer, "newer.csv", "baseline", cohort=None, uploaded_by="t"
    )
    assert outcome.status == "loaded"
    names = dict(empty_con.execute("select email, name from person").fetchall())
    assert names["rebecca.smith@nhs.example"] == "Rebecca Smith-Jones"
    assert names["owen.horton@lauriston.sch.example"] == "Owen Horton"
    assert empty_con.execute("select count(*) from person").fetchall() == [(100,)]
    assert figures.baseline_figures(empty_con, Filters())["respondents"] == 100
