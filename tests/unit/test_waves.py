"""Survey waves: two runs of the system survey load from every tool's layout, and their figures
match expected_waves.json and an independent computation (pandas and scipy over the raw Google
Forms files, which WAVE2.md says describe the same people as every other layout)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from scipy import stats as scipy_stats

from chatr import db, disclosure, figures, upload
from chatr.filters import Filters
from tests.conftest import ROOT, build_instance
from tests.unit.test_auth_and_cli import cli

FIXTURES = ROOT / "tests" / "fixtures"
WAVE2 = FIXTURES / "wave2"
EXPECTED = json.loads((WAVE2 / "expected_waves.json").read_text(encoding="utf-8"))
LATER = "Follow-up Oct 2024"
# Each wave-2 file with its wave-1 counterpart of the same layout.
PAIRS = {
    "google_forms/System baseline survey 2024.csv": "google_forms/System baseline survey.csv",
    "google_forms/System baseline survey 2024 (Responses) - Form responses 1.csv": (
        "google_forms/System baseline survey (Responses) - Form responses 1.csv"
    ),
    "microsoft_forms/System baseline survey 2024(1-100).xlsx": (
        "microsoft_forms/System baseline survey(1-101).xlsx"
    ),
    "microsoft_forms/System baseline survey 2024(1-100) - saved as CSV UTF-8.csv": (
        "microsoft_forms/System baseline survey(1-101) - saved as CSV UTF-8.csv"
    ),
    "surveymonkey/System baseline survey - Data_All_241113.csv": (
        "surveymonkey/System baseline survey - Data_All_231113.csv"
    ),
    "surveymonkey/System baseline survey - Data_All_241113.xlsx": (
        "surveymonkey/System baseline survey - Data_All_231113.xlsx"
    ),
    "qualtrics/System+baseline+survey_2024_choice_text.csv": (
        "qualtrics/System+baseline+survey_choice_text.csv"
    ),
    "qualtrics/System+baseline+survey_2024_numeric.csv": (
        "qualtrics/System+baseline+survey_numeric.csv"
    ),
}
SCORE = "To what extent is ACEs, trauma-informed care, or resilience used as part of your practice?"


def _google_people(path: Path) -> pd.DataFrame:
    """One row per e-mail (trimmed, lower-cased), the latest submission kept: email, score."""
    raw = pd.read_csv(path, dtype=str)
    when = pd.to_datetime(
        raw["Timestamp"].str.replace(r" GMT(\+1)?$", "", regex=True), format="%Y/%m/%d %I:%M:%S %p"
    )
    people = pd.DataFrame(
        {
            "email": raw["Email address"].str.strip().str.lower(),
            "score": pd.to_numeric(raw[SCORE]),
            "when": when,
        }
    )
    return people.sort_values("when").drop_duplicates("email", keep="last").set_index("email")


def oracle() -> dict:
    """The change between the two waves computed from the raw files, without chatr."""
    earlier = _google_people(FIXTURES / "google_forms" / "System baseline survey.csv")
    later = _google_people(WAVE2 / "google_forms" / "System baseline survey 2024.csv")
    welch = scipy_stats.ttest_ind(later.score.dropna(), earlier.score.dropna(), equal_var=False)
    interval = welch.confidence_interval(0.95)
    both = earlier.merge(
        later, left_index=True, right_index=True, suffixes=("_earlier", "_later")
    ).dropna(subset=["score_earlier", "score_later"])
    return {
        "earlier": earlier,
        "later": later,
        "both": both,
        "wave1": {"respondents": len(earlier), "practice_use_mean": earlier.score.mean()},
        "wave2": {
            "respondents": len(later),
            "practice_use_mean": later.score.mean(),
            "practice_use_median": later.score.median(),
        },
        "change": {
            "mean_change": later.score.mean() - earlier.score.mean(),
            "ci95": [interval.low, interval.high],
            "p_value": welch.pvalue,
            "matched_people": len(both),
            "matched_mean_change": (both.score_later - both.score_earlier).mean(),
            "matched_wilcoxon_p": scipy_stats.wilcoxon(both.score_later, both.score_earlier).pvalue,
        },
    }


ORACLE = oracle()


def test_the_oracle_agrees_with_expected_waves_json():
    """Two independent computations of the same figures: the test's and the fixture's."""
    for part in ("wave1", "wave2", "change"):
        for key, value in EXPECTED[part].items():
            assert ORACLE[part][key] == pytest.approx(value, rel=1e-9), (part, key)


def _load(con, relative: str, wave: str | None, base: Path = FIXTURES) -> upload.Outcome:
    path = base / relative
    return upload.load_file(
        con, path.read_bytes(), path.name, "baseline", cohort=None, uploaded_by="test", wave=wave
    )


@pytest.fixture(scope="module", params=sorted(PAIRS), ids=lambda p: p.split("/")[-1])
def two_waves(request, tmp_path_factory):
    """An instance with wave 1 loaded (no wave named) then wave 2 (named), one layout."""
    home = build_instance(tmp_path_factory.mktemp("waves"), demo=False)
    con = db.connect(home / "chatr.duckdb")
    first = _load(con, PAIRS[request.param], None)
    second = _load(con, request.param, LATER, WAVE2)
    assert (first.status, second.status) == ("loaded", "loaded"), second.message
    yield con, second.batch_id
    con.close()


def test_two_waves_figures_match_expected_and_the_oracle(two_waves):
    con, _ = two_waves
    result = figures.figures(con, Filters())
    assert [w["wave"] for w in result["waves"]] == ["Baseline Oct 2023", LATER]
    first, second = result["waves"]
    assert first["first_submitted"] == "2023-10-02"
    assert second["first_submitted"] == "2024-10-01"
    for wave, expected in ((first, ORACLE["wave1"]), (second, ORACLE["wave2"])):
        for key, value in expected.items():
            assert wave[key] == pytest.approx(value, abs=1e-3), key
            if key in EXPECTED["wave2"] and wave is second:
                assert wave[key] == pytest.approx(EXPECTED["wave2"][key], abs=1e-3), key
    (change,) = result["wave_change"]
    assert (change["from"], change["to"]) == ("Baseline Oct 2023", LATER)
    for key, value in ORACLE["change"].items():
        assert change[key] == pytest.approx(value, rel=1e-6), key
        assert change[key] == pytest.approx(EXPECTED["change"][key], rel=1e-6), key
    # No cohort ended between the waves: everyone matched is untrained.
    assert change["trained"] == {"n": 0, "mean_change": None}
    assert change["untrained"]["n"] == ORACLE["change"]["matched_people"]


def test_the_baseline_figures_stay_the_earliest_wave(two_waves):
    con, _ = two_waves
    result = figures.figures(con, Filters())
    assert result["baseline"]["respondents"] == 100
    assert result["baseline"]["practice_use_mean"] == pytest.approx(
        EXPECTED["wave1"]["practice_use_mean"], abs=1e-3
    )


def test_undoing_wave_two_leaves_wave_one_as_it_was(tmp_path):
    home = build_instance(tmp_path, demo=False)
    con = db.connect(home / "chatr.duckdb")
    first = next(iter(PAIRS))
    _load(con, PAIRS[first], None)
    before = figures.figures(con, Filters())
    second = _load(con, first, LATER, WAVE2)
    upload.undo(con, second.batch_id, undone_by="test")
    after = figures.figures(con, Filters())
    assert after["baseline"] == before["baseline"]
    assert after["waves"] == before["waves"]
    assert after["wave_change"] == []
    assert con.execute("select label from survey_wave").fetchall() == [("Baseline Oct 2023",)]
    con.close()


def test_without_a_wave_an_overlapping_export_replaces_answers_in_its_wave(tmp_path):
    """A newer export of wave 1 (another layout, same dates) goes to wave 1 and replaces each
    person's answers: still 100 respondents, one wave."""
    home = build_instance(tmp_path, demo=False)
    con = db.connect(home / "chatr.duckdb")
    layouts = list(PAIRS.values())
    _load(con, layouts[0], None)
    _load(con, layouts[2], None)
    result = figures.figures(con, Filters())
    assert [w["wave"] for w in result["waves"]] == ["Baseline Oct 2023"]
    assert result["baseline"]["respondents"] == 100
    # A wave-2 file with no wave named goes to the first wave, as before waves existed.
    _load(con, next(iter(PAIRS)), None, WAVE2)
    assert len(figures.figures(con, Filters())["waves"]) == 1
    con.close()


def test_trained_between_the_waves_against_the_others(tmp_path):
    """Matched people who took part in a cohort ending between the waves (set up here in SQL)
    against the others: n, mean change and Welch's CI as the test computes them."""
    home = build_instance(tmp_path, demo=False)
    con = db.connect(home / "chatr.duckdb")
    first = next(iter(PAIRS))
    _load(con, PAIRS[first], None)
    _load(con, first, LATER, WAVE2)
    both = ORACLE["both"]
    trained_emails = list(both.index[:12])
    con.execute(
        "insert into cohort (life_stage, cohort_number, start_date, end_date) "
        "values ('0-5', 9, date '2024-01-08', date '2024-03-01'), "
        "('5-11', 9, date '2024-11-20', date '2024-12-20')"
    )
    con.execute(
        "insert into pilot_rating (cohort_id, person_id, phase, practice_use_score, batch_id) "
        "select cohort.cohort_id, person.person_id, 'baseline', 5, 0 from person, cohort "
        "where lower(person.email) in (select unnest($emails::varchar[])) "
        "and cohort.cohort_number = 9 and (cohort.life_stage = '0-5' or person.email = $late)",
        {"emails": trained_emails, "late": both.index[20]},
    )
    (change,) = figures.figures(con, Filters())["wave_change"]
    moved = both.score_later - both.score_earlier
    is_trained = both.index.isin(trained_emails)  # the cohort ending after wave 2 counts not
    welch = scipy_stats.ttest_ind(moved[is_trained], moved[~is_trained], equal_var=False)
    assert change["trained"]["n"] == 12
    assert change["trained"]["mean_change"] == pytest.approx(moved[is_trained].mean())
    assert change["untrained"]["n"] == len(both) - 12
    assert change["untrained"]["mean_change"] == pytest.approx(moved[~is_trained].mean())
    low, high = welch.confidence_interval(0.95)
    assert change["trained_minus_untrained_ci95"] == pytest.approx([low, high])
    board = disclosure.board_figures(figures.figures(con, Filters()), con, Filters())
    (shown,) = board["wave_change"]
    assert shown["trained"]["n"] == 12
    assert shown["trained"]["mean_change"] == round(moved[is_trained].mean(), 1)
    con.close()


def test_board_withholds_small_trained_groups_and_small_filters(tmp_path):
    home = build_instance(tmp_path, demo=False)
    con = db.connect(home / "chatr.duckdb")
    first = next(iter(PAIRS))
    _load(con, PAIRS[first], None)
    _load(con, first, LATER, WAVE2)
    con.execute(
        "insert into cohort (life_stage, cohort_number, start_date, end_date) "
        "values ('0-5', 9, date '2024-01-08', date '2024-03-01')"
    )
    con.execute(
        "insert into pilot_rating (cohort_id, person_id, phase, practice_use_score, batch_id) "
        "select cohort.cohort_id, person.person_id, 'baseline', 5, 0 from person, cohort "
        "where lower(person.email) in (select unnest($emails::varchar[]))",
        {"emails": list(ORACLE["both"].index[:3])},
    )
    full = figures.figures(con, Filters())
    assert full["wave_change"][0]["trained"]["n"] == 3
    (shown,) = disclosure.board_figures(full, con, Filters())["wave_change"]
    assert shown["withheld"] is None
    assert shown["matched_people"] == full["wave_change"][0]["matched_people"]
    assert shown["trained"] == {"n": None, "mean_change": None}
    assert shown["untrained"] == {"n": None, "mean_change": None}  # else matched - untrained
    assert shown["trained_minus_untrained_ci95"] is None
    # A filter with under MIN_CELL respondents: every wave and change withheld, no numbers.
    tiny = Filters(organisations=("GP practice",))
    tiny_full = figures.figures(con, tiny)
    assert 0 < tiny_full["waves"][0]["respondents"] < disclosure.MIN_CELL
    board = disclosure.board_figures(tiny_full, con, tiny)
    assert all(wave["withheld"] and wave["respondents"] is None for wave in board["waves"])
    assert board["wave_change"][0]["withheld"]
    assert board["wave_change"][0]["mean_change"] is None
    con.close()


def test_an_empty_wave_name_is_refused_and_nothing_changes(tmp_path):
    home = build_instance(tmp_path, demo=False)
    path = FIXTURES / next(iter(PAIRS.values()))
    result = cli(home, "load", str(path), "--kind", "baseline", "--wave", "  ")
    assert result.returncode == 2
    assert "A survey wave needs a name" in result.stderr
    con = db.connect(home / "chatr.duckdb")
    assert con.execute("select count(*) from upload_batch").fetchall() == [(0,)]
    assert con.execute("select count(*) from survey_wave").fetchall() == [(0,)]
    con.close()


def test_a_wave_named_for_a_pilot_file_is_a_usage_error(tmp_path):
    home = build_instance(tmp_path, demo=False)
    path = FIXTURES / "google_forms" / "Pilot cohort - baseline (pre).csv"
    result = cli(
        home, "load", str(path), "--kind", "pilot_pre", "--cohort", "Perinatal #1", "--wave", "X"
    )
    assert result.returncode == 2
    assert "Only a baseline upload goes into a survey wave" in result.stderr


# The layout of the baseline tables before survey waves, as the code before them created it.
OLD_LAYOUT = """
create sequence seq_batch_id start 1;
create sequence seq_person_id start 1;
create table upload_batch (
    batch_id integer primary key default nextval('seq_batch_id'), kind varchar not null,
    file_name varchar not null, sha256 varchar not null, source_format varchar not null,
    uploaded_by varchar not null, uploaded_at timestamp not null default current_timestamp,
    n_rows integer not null, n_warnings integer not null default 0,
    status varchar not null default 'loaded'
);
create table person (
    person_id integer primary key default nextval('seq_person_id'), email varchar unique,
    external_ref varchar, name varchar, team varchar
);
create table baseline_response (
    person_id integer primary key, batch_id integer not null, submitted_at timestamp,
    life_stages varchar[] not null, organisation varchar, organisation_other varchar,
    practice_use_score integer check (practice_use_score between 0 and 10),
    interest varchar check (interest in ('Yes', 'Maybe', 'No'))
);
create or replace view baseline_counts as
select life_stages, organisation, organisation_other, practice_use_score, interest,
    count(*) as n_respondents
from baseline_response group by all;
create table baseline_cube as select * from baseline_counts;
create table baseline_submission (
    batch_id integer not null, person_id integer not null, submitted_at timestamp,
    life_stages varchar[] not null, organisation varchar, organisation_other varchar,
    practice_use_score integer, interest varchar, primary key (batch_id, person_id)
);
insert into upload_batch (kind, file_name, sha256, source_format, uploaded_by, n_rows)
values ('baseline', 'old.csv', 'abc', 'canonical', 'test', 3);
insert into person (email) values ('a@x.example'), ('b@x.example'), ('c@x.example');
insert into baseline_submission values
    (1, 1, timestamp '2020-11-02 09:00', ['0-5'], 'School', null, 4, 'Yes'),
    (1, 2, timestamp '2020-11-20 10:00', ['5-11'], 'School', null, 6, 'No'),
    (1, 3, timestamp '2020-11-30 11:00', ['0-5'], 'Hospital', null, 8, 'Maybe');
insert into baseline_response select * exclude (batch_id), 1 from baseline_submission;
"""


def test_a_database_from_before_waves_is_migrated_when_opened(tmp_path):
    import duckdb

    path = tmp_path / "chatr.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        OLD_LAYOUT.replace(
            "select * exclude (batch_id), 1 from baseline_submission",
            "select person_id, batch_id, submitted_at, life_stages, organisation, "
            "organisation_other, practice_use_score, interest from baseline_submission",
        )
    )
    old.close()
    con = db.connect(path)
    assert con.execute("select wave_id, label, n_respondents from survey_wave").fetchall() == [
        (1, "Baseline Nov 2020", 3)
    ]
    assert con.execute(
        "select wave_id, person_id from baseline_response order by person_id"
    ).fetchall() == [(1, 1), (1, 2), (1, 3)]
    assert con.execute("select distinct wave_id from baseline_submission").fetchall() == [(1,)]
    assert con.execute("select wave_id from upload_batch").fetchall() == [(1,)]
    result = figures.figures(con, Filters())
    assert result["baseline"]["respondents"] == 3
    assert result["baseline"]["practice_use_mean"] == pytest.approx(6.0)
    assert result["waves"][0]["first_submitted"] == "2020-11-02"
    assert result["waves"][0]["last_submitted"] == "2020-11-30"
    # The new key: the same person may answer a second wave.
    con.execute(
        "insert into baseline_response (wave_id, person_id, batch_id, life_stages) "
        "values (2, 1, 1, [])"
    )
    con.close()
    assert db.connect(path).execute("select count(*) from baseline_response").fetchall() == [(4,)]


def test_the_overview_tile_shows_the_first_and_latest_wave(tmp_path):
    from datetime import date

    from chatr import overview

    home = build_instance(tmp_path, demo=False)
    con = db.connect(home / "chatr.duckdb")
    first = next(iter(PAIRS))
    _load(con, PAIRS[first], None)
    single = overview.tiles(overview.headline(con, Filters(), date(2025, 1, 1)), board=False)
    assert {t.label: t.value for t in single}["Baseline use of the approach"] == "5.7 / 10"
    _load(con, first, LATER, WAVE2)
    for board in (False, True):
        shown = overview.tiles(overview.headline(con, Filters(), date(2025, 1, 1)), board)
        tile = {t.label: t for t in shown}["Baseline use of the approach"]
        expected = (ORACLE["wave1"]["practice_use_mean"], ORACLE["wave2"]["practice_use_mean"])
        assert tile.value == f"{expected[0]:.1f} → {expected[1]:.1f}"
        assert "n = 98 and 98" in tile.explained
    con.close()
