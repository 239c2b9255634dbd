"""Column mapping by question text, user overrides, form signatures and the parsing helpers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest

from chatr.ingest import parse_upload, surveymonkey
from chatr.ingest.mapping import similarity
from chatr.ingest.sniff import sniff_delimiter

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
GOOGLE = FIXTURES / "google_forms" / "System baseline survey.csv"
SCORE_Q = (
    "To what extent is ACEs, trauma-informed care, or resilience used as part of your practice?"
)
REWORDED_SCORE_Q = (
    "To what extent are ACEs, trauma informed care or resilience used in your practice"
)
ORG_Q = "What type of organisation do you work for?"
INTEREST_Q = (
    "Would you be interested in joining a development programme on Childhood Adversity, "
    "Trauma and Resilience in the future?"
)


def _parse(data: bytes, kind: str = "baseline", **kwargs):
    con = duckdb.connect()
    return parse_upload(con, data, "upload.csv", kind, **kwargs), con


def _reheader(old: str, new: str) -> bytes:
    """The Google fixture with one header text replaced."""
    text = GOOGLE.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    assert old in first
    return (first.replace(old, new) + "\n" + rest).encode("utf-8")


@pytest.mark.parametrize(
    ("a", "b", "matches"),
    [
        ("Email address", "email address", True),
        ("Email Address", "E-mail address", False),  # short labels must match exactly
        ("Team/service", "team service", True),
        ("Name", "Team", False),
        (SCORE_Q, SCORE_Q.replace("ACEs,", "ACEs"), True),
        (SCORE_Q, REWORDED_SCORE_Q + "?", True),
        (SCORE_Q, "What do you hope to gain from the programme?", False),
        (ORG_Q, ORG_Q.replace("organisation", "organization").rstrip("?"), True),
    ],
)
def test_similarity_tolerates_small_wording_changes(a, b, matches):
    assert (similarity(a, b) >= 0.85) is matches


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (SCORE_Q, SCORE_Q.upper()),
        (SCORE_Q, REWORDED_SCORE_Q),
        ("What life stage(s) do you work in?", "Which life stage(s) do you work in?"),
        ("Email address", "Email Address"),
        (INTEREST_Q, INTEREST_Q.replace("programme", "program")),
    ],
)
def test_reworded_questions_still_map(old, new):
    parsed, _ = _parse(_reheader(old, new))
    assert parsed.ok, parsed.errors
    assert new in parsed.column_map.values()
    assert parsed.n_rows_staged == 100


def test_unmappable_required_column_is_an_error_with_candidates():
    parsed, _ = _parse(_reheader(SCORE_Q, "How much do you use it, 0 to 10?"))
    assert not parsed.ok
    assert list(parsed.unmapped) == ["practice_use_score"]
    assert parsed.unmapped["practice_use_score"][0] == "How much do you use it, 0 to 10?"
    assert "0-10 use in practice" in parsed.errors[0].message
    assert parsed.staged == {}


def test_override_fixes_an_unmapped_column_and_signature_is_stable():
    data = _reheader(SCORE_Q, "How much do you use it, 0 to 10?")
    first, _ = _parse(data)
    override = {"practice_use_score": first.unmapped["practice_use_score"][0]}
    second, con = _parse(data, column_overrides=override)
    assert second.ok, second.errors
    assert second.form_signature == first.form_signature
    mean = con.execute("select round(avg(practice_use_score), 3) from staged_baseline").fetchall()
    assert mean == [(5.704,)]


def test_override_naming_a_missing_column_is_an_error():
    parsed, _ = _parse(GOOGLE.read_bytes(), column_overrides={"interest": "No such column"})
    assert not parsed.ok
    assert "No such column" in parsed.errors[0].message


def test_form_signature_differs_between_forms_and_tools():
    signatures = {
        _parse(path.read_bytes())[0].form_signature
        for path in [
            GOOGLE,
            FIXTURES / "microsoft_forms" / "System baseline survey(1-101).xlsx",
            FIXTURES / "surveymonkey" / "System baseline survey - Data_All_231113.csv",
        ]
    }
    assert len(signatures) == 3


def test_columns_are_matched_by_text_not_position():
    rows = list(csv.reader(io.StringIO(GOOGLE.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out).writerows([list(reversed(r)) for r in rows])
    parsed, con = _parse(out.getvalue().encode())
    assert parsed.ok, parsed.errors
    mean = con.execute("select round(avg(practice_use_score), 3) from staged_baseline").fetchall()
    assert mean == [(5.704,)]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("a,b,c\n1,2,3\n", (",", 3)),
        ('a;b, with comma;c\n1;"x;y";3\n', (";", 3)),
        ("a\tb\n1\t2\n", ("\t", 2)),
        ('"Q, one","Q two"\n"1","2"\n', (",", 2)),
    ],
)
def test_sniff_delimiter(head, expected):
    assert sniff_delimiter(head) == expected


@pytest.mark.parametrize(
    ("timestamp", "expected"),
    [
        ("2023/10/02 8:30:07 PM GMT+1", "2023-10-02 20:30:07"),
        ("2023/10/29 1:30:00 AM GMT", "2023-10-29 01:30:00"),
        ("2023-10-02 08:30:07", "2023-10-02 08:30:07"),
        ("25/10/2023 08:30:07", "2023-10-25 08:30:07"),  # a day over 12 settles the order
        ("02/10/23 8:30", "2023-10-02 08:30:00"),  # two-digit year is not the year 23
    ],
)
def test_timestamps_in_each_layout(timestamp, expected):
    header = '"Timestamp","Email address","What life stage(s) do you work in?",'
    header += f'"What type of organisation do you work for?","{SCORE_Q}","{INTEREST_Q}"\n'
    rows = f'"{timestamp}","a@x.example","0-5","School","5","Yes"\n'
    rows += '"25/10/2023 09:00:00","b@x.example","0-5","School","5","Yes"\n'
    parsed, con = _parse((header + rows).encode())
    assert parsed.ok, parsed.errors
    got = con.execute(
        "select strftime(submitted_at, '%Y-%m-%d %H:%M:%S') "
        "from staged_baseline order by source_row"
    ).fetchall()
    assert got[0][0] == expected


def test_qualtrics_numeric_and_choice_text_agree():
    def staged(name: str):
        parsed, con = _parse((FIXTURES / "qualtrics" / name).read_bytes())
        return con.execute(
            "select email, life_stages, organisation, organisation_other, interest "
            "from staged_baseline order by email"
        ).fetchall()

    assert staged("System+baseline+survey_numeric.csv") == staged(
        "System+baseline+survey_choice_text.csv"
    )


@pytest.mark.parametrize(
    ("path", "first_row"),
    [
        ("google_forms/System baseline survey.csv", 2),
        ("surveymonkey/System baseline survey - Data_All_231113.csv", 3),
        ("surveymonkey/System baseline survey - Data_All_231113.xlsx", 3),
        ("qualtrics/System+baseline+survey_choice_text.csv", 5),  # row 4 is a preview
    ],
)
def test_source_rows_count_every_header_row(path, first_row):
    parsed, con = _parse((FIXTURES / path).read_bytes())
    assert con.execute("select min(source_row) from staged_baseline").fetchall() == [(first_row,)]


def test_surveymonkey_headers_decode_html_entities():
    columns = surveymonkey.columns(
        ["Respondent ID", "Collector ID", "What&apos;s your team?", ""],
        ["", "", "Response", "Other (please specify)"],
    )
    assert [(c.header, c.role) for c in columns] == [
        ("Respondent ID", "metadata"),
        ("Collector ID", "metadata"),
        ("What's your team?", "answer"),
        ("What's your team? - Other (please specify)", "other_text"),
    ]


def test_microsoft_forms_anonymous_name_and_email_are_blank():
    header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "What life stage(s) do you work in?",
    ]
    header += ["What type of organisation do you work for?", SCORE_Q, INTEREST_Q]
    row = ["1", "10/2/23 8:27:27", "10/2/23 8:30:07", "anonymous", "Anonymous", "0-5;", "School"]
    row += ["5", "Yes"]
    out = io.StringIO()
    csv.writer(out).writerows([header, row])
    parsed, con = _parse(out.getvalue().encode())
    assert parsed.ok, parsed.errors
    assert con.execute("select email, name from staged_baseline").fetchall() == [(None, None)]
