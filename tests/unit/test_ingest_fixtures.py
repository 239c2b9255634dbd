"""Every good survey export stages to the figures in expected_stats.json."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from chatr.ingest import parse_upload
from chatr.reference import ORGANISATIONS, clean_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = json.loads((FIXTURES / "expected_stats.json").read_text(encoding="utf-8"))

BASELINE_FILES = [
    ("google_forms/System baseline survey.csv", "google_forms"),
    ("google_forms/System baseline survey.csv.zip", "google_forms"),
    ("google_forms/System baseline survey (Responses) - Form responses 1.csv", "google_sheets"),
    ("microsoft_forms/System baseline survey(1-101).xlsx", "microsoft_forms"),
    (
        "microsoft_forms/System baseline survey(1-101) - saved as CSV UTF-8.csv",
        "microsoft_forms_csv",
    ),
    ("surveymonkey/System baseline survey - Data_All_231113.csv", "surveymonkey"),
    ("surveymonkey/System baseline survey - Data_All_231113.xlsx", "surveymonkey"),
    ("qualtrics/System+baseline+survey_choice_text.csv", "qualtrics"),
    ("qualtrics/System+baseline+survey_numeric.csv", "qualtrics"),
    ("bad/xlsx_renamed.csv", "microsoft_forms"),  # a valid workbook with the wrong extension
]

# (pre file, post file) per tool; Qualtrics holds both waves in one file (kind "pilot").
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
STATEMENT_KEYS = {
    "confident": "more confident",
    "heard": "were heard",
    "interact": "interact with one another",
    "contrary": "contrary opinion",
    "respected": "respected and valued",
    "practice": "better working practices",
}


def _parse(path: str, kind: str):
    """Parse one fixture on a fresh in-memory database; return the report and connection."""
    con = duckdb.connect()
    parsed = parse_upload(con, (FIXTURES / path).read_bytes(), Path(path).name, kind)
    return parsed, con


@pytest.fixture(scope="module", params=BASELINE_FILES, ids=[p for p, _ in BASELINE_FILES])
def baseline(request):
    """A staged baseline fixture: (report, staged rows as a DataFrame, expected tool)."""
    path, tool = request.param
    parsed, con = _parse(path, "baseline")
    assert parsed.ok, parsed.errors
    assert parsed.staged == {"baseline_response": "staged_baseline"}
    frame = con.execute("select * from staged_baseline").df()
    return parsed, frame, tool, con


def test_baseline_detects_tool_and_counts_rows(baseline):
    parsed, frame, tool, _ = baseline
    assert parsed.tool == tool
    assert parsed.n_rows_in_file - parsed.n_excluded == EXPECTED["baseline"]["data_rows_in_export"]
    assert parsed.n_rows_staged == len(frame) == EXPECTED["baseline"]["unique_respondents"]
    assert parsed.n_duplicates_merged == 1
    assert any("merged" in w.message for w in parsed.warnings)
    if tool == "qualtrics":
        assert parsed.n_excluded == 2
        assert sum("left out" in w.message for w in parsed.warnings) == 2


def test_baseline_answered_counts(baseline):
    _, frame, _, _ = baseline
    answered = EXPECTED["baseline"]["answered"]
    assert frame["name"].notna().sum() == answered["name"]
    assert frame["email"].notna().sum() == answered["email"]
    assert frame["team"].notna().sum() == answered["team_service"]
    assert frame["life_stages"].notna().sum() == answered["life_stage"]
    assert frame["organisation"].notna().sum() == answered["organisation"]
    assert frame["practice_use_score"].notna().sum() == answered["use_0_10"]
    assert frame["interest"].notna().sum() == answered["interest"]


def test_baseline_practice_use_score(baseline):
    _, frame, _, _ = baseline
    scores = frame["practice_use_score"].dropna().astype(int)
    assert round(scores.mean(), 3) == EXPECTED["baseline"]["use_0_10_mean"]
    assert scores.median() == EXPECTED["baseline"]["use_0_10_median"]
    distribution = {str(k): int((scores == k).sum()) for k in range(11)}
    assert distribution == EXPECTED["baseline"]["use_0_10_distribution"]


def test_baseline_life_stages_canonical_and_counted(baseline):
    _, _, _, con = baseline
    rows = con.execute(
        "select stage, count(*) from (select unnest(life_stages) as stage from staged_baseline) "
        "group by stage"
    ).fetchall()
    counts = {stage.lower(): n for stage, n in rows}
    assert counts == EXPECTED["baseline"]["life_stage_counts"]


def test_baseline_organisations_and_other_texts(baseline):
    _, frame, _, _ = baseline
    counts = frame["organisation"].value_counts().to_dict()
    expected = {
        ORGANISATION_KEYS[k]: n for k, n in EXPECTED["baseline"]["organisation_counts"].items()
    }
    assert counts == expected
    assert set(counts) <= set(ORGANISATIONS)
    others = frame.loc[frame["organisation"] == "Other", "organisation_other"]
    wanted = [clean_text(t) for t in EXPECTED["baseline"]["other_organisation_texts"]]
    assert sorted(others) == sorted(wanted)


def test_baseline_interest_counts(baseline):
    _, frame, _, _ = baseline
    counts = {k.lower(): n for k, n in frame["interest"].value_counts().to_dict().items()}
    assert counts == EXPECTED["baseline"]["interest_counts"]


def test_baseline_keeps_latest_of_duplicate(baseline):
    _, frame, _, _ = baseline
    claire = frame[frame["email"].str.startswith("claire.quinn@", na=False)]
    assert len(claire) == 1
    assert claire["practice_use_score"].item() == 5
    assert claire["interest"].item() == "Yes"
    assert (frame["email"] == frame["email"].str.strip().str.lower()).all()


def test_baseline_staged_schema(baseline):
    _, _, _, con = baseline
    types = dict(
        con.execute("select column_name, column_type from (describe staged_baseline)").fetchall()
    )
    assert types == {
        "source_row": "INTEGER",
        "submitted_at": "TIMESTAMP",
        "email": "VARCHAR",
        "name": "VARCHAR",
        "team": "VARCHAR",
        "life_stages": "VARCHAR[]",
        "organisation": "VARCHAR",
        "organisation_other": "VARCHAR",
        "practice_use_score": "INTEGER",
        "interest": "VARCHAR",
    }


def _stage_pilot(pre: str, post: str | None) -> dict[str, pd.DataFrame]:
    """Responses and Likert answers of both waves, from one or two files."""
    frames: dict[str, list[pd.DataFrame]] = {
        "staged_pilot_response": [],
        "staged_likert": [],
        "staged_feedback": [],
    }
    uploads = [(pre, "pilot")] if post is None else [(pre, "pilot_pre"), (post, "pilot_post")]
    for path, kind in uploads:
        parsed, con = _parse(path, kind)
        assert parsed.ok, parsed.errors
        assert parsed.staged == {
            "pilot_rating": "staged_pilot_response",
            "likert_answer": "staged_likert",
            "feedback": "staged_feedback",
        }
        for table in parsed.staged.values():
            frames[table].append(con.execute(f"select * from {table}").df())
    return {
        name.removeprefix("staged_"): pd.concat(parts, ignore_index=True)
        for name, parts in frames.items()
    }


PILOT_IDS = [
    "google_forms",
    "microsoft_forms",
    "surveymonkey",
    "qualtrics_text",
    "qualtrics_numeric",
]


@pytest.fixture(scope="module", params=PILOT_FILES, ids=PILOT_IDS)
def pilot(request):
    """Staged pilot frames of one tool."""
    return _stage_pilot(*request.param)


def test_pilot_participants_and_pairs(pilot):
    responses = pilot["pilot_response"]
    pre = responses[responses["wave"] == "pre"].set_index("email")
    post = responses[responses["wave"] == "post"].set_index("email")
    assert len(pre) == len(post) == EXPECTED["pilot"]["participants"]
    assert pre["team"].nunique() == EXPECTED["pilot"]["distinct_teams"]
    pairs = pre[["practice_use_score"]].merge(
        post[["practice_use_score"]], left_index=True, right_index=True, suffixes=("", "_post")
    )
    assert len(pairs) == EXPECTED["pilot"]["matched_pre_post_pairs"]
    got = sorted(zip(pairs["practice_use_score"], pairs["practice_use_score_post"], strict=True))
    assert got == sorted((p["pre"], p["post"]) for p in EXPECTED["pilot"]["pairs"])


def test_pilot_medians_ranges_and_change(pilot):
    responses = pilot["pilot_response"]
    pre = responses[responses["wave"] == "pre"].set_index("email")["practice_use_score"]
    post = responses[responses["wave"] == "post"].set_index("email")["practice_use_score"]
    assert statistics.median(pre) == EXPECTED["pilot"]["pre_median"]
    assert [pre.min(), pre.max()] == EXPECTED["pilot"]["pre_range"]
    assert statistics.median(post) == EXPECTED["pilot"]["post_median"]
    assert [post.min(), post.max()] == EXPECTED["pilot"]["post_range"]
    change = post - pre
    assert round(change[pre <= 4].mean(), 2) == EXPECTED["pilot"]["mean_change_low_users_pre_le_4"]
    assert round(change[pre > 4].mean(), 2) == EXPECTED["pilot"]["mean_change_others"]


def test_pilot_agree_counts_per_statement(pilot):
    likert = pilot["likert"]
    assert set(likert["wave"]) == {"post"}
    assert likert["level"].between(1, 5).all()
    for key, fragment in STATEMENT_KEYS.items():
        rows = likert[likert["statement"].str.contains(fragment, regex=False)]
        assert len(rows) == EXPECTED["pilot"]["participants"], key
        assert (rows["level"] >= 4).sum() == EXPECTED["pilot"]["agree_or_strongly_agree"][key], key


def test_pilot_feedback_kinds_and_text_kept(pilot):
    feedback = pilot["feedback"]
    assert set(feedback["kind"]) == {"hope", "quote", "improve"}
    texts = list(feedback["text"])
    assert any("\n" in t for t in texts)  # the multi-line answer stays multi-line
    assert any("\U0001f642" in t for t in texts)
    assert any('"first 1001 days"' in t for t in texts)
    assert all(t == t.strip() for t in texts)
