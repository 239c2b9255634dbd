"""The ChATR template CSVs: downloadable headers, and each kind's rows staged and checked."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest

from chatr.ingest import KINDS, parse_upload, template_csv

CONFIDENT = (
    "After this programme, I feel more confident knowing what resources and approaches to use "
    "and share with parents whose baby is at risk of experiencing ACEs."
)


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _parse(kind: str, rows: list[list[str]]):
    con = duckdb.connect()
    return parse_upload(con, _csv(rows), f"{kind}.csv", kind), con


def _header(kind: str) -> list[str]:
    return next(csv.reader(io.StringIO(template_csv(kind))))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_header_only_template_that_parses(kind):
    text = template_csv(kind)
    assert text.count("\r\n") == 1
    parsed, _ = _parse(kind, [_header(kind)])
    assert parsed.tool == "canonical"
    assert "no responses" in parsed.errors[0].message


def test_template_of_unknown_kind_is_a_programmer_error():
    with pytest.raises(ValueError):
        template_csv("nope")


def test_baseline_template_rows_stage_normalised():
    rows = [
        _header("baseline"),
        [
            "2023-10-02 08:30:07",
            " Jo.Bloggs@NHS.example ",
            "Jo  Bloggs",
            "HV",
            "0-5s;Perinatal;5-10",
            "children’s centre",
            "",
            "7",
            "yes",
        ],
        [
            "2023-10-03 09:00:00",
            "anonymous",
            "",
            "",
            "18-25",
            "Other",
            " Private  nursery ",
            "",
            "",
        ],
        [
            "2023-10-04 09:00:00",
            "jo.bloggs@nhs.example",
            "Jo Bloggs",
            "HV",
            "0-5",
            "School",
            "",
            "9",
            "No",
        ],
    ]
    parsed, con = _parse("baseline", rows)
    assert parsed.ok, parsed.errors
    assert parsed.n_duplicates_merged == 1
    got = con.execute(
        "select * exclude (submitted_at) from staged_baseline order by source_row"
    ).fetchall()
    assert got == [
        (3, None, None, None, ["19-25"], "Other", "Private nursery", None, None),
        (4, "jo.bloggs@nhs.example", "Jo Bloggs", "HV", ["0-5"], "School", None, 9, "No"),
    ]
    assert any("no e-mail" in w.message for w in parsed.warnings)


@pytest.mark.parametrize(
    ("column", "value", "severity", "words"),
    [
        ("practice_use_score", "11", "error", "0 to 10"),
        ("practice_use_score", "7.5", "error", "0 to 10"),
        ("practice_use_score", "-1", "error", "0 to 10"),
        ("interest", "Perhaps", "error", "Yes, Maybe or No"),
        ("life_stages", "0-5;Adults", "warning", "not one of the life stages"),
        ("submitted_at", "yesterday", "warning", "not understood as a date"),
    ],
)
def test_baseline_bad_values_are_located(column, value, severity, words):
    header = _header("baseline")
    row = ["2023-10-02 08:30:07", "a@x.example", "A", "T", "0-5", "School", "", "5", "Yes"]
    row[header.index(column)] = value
    parsed, _ = _parse("baseline", [header, row])
    found = [p for p in parsed.problems if words in p.message]
    assert len(found) == 1
    assert (found[0].severity, found[0].row, found[0].column) == (severity, 2, column)


def test_pilot_template_with_both_waves():
    header = _header("pilot")
    statement = header.index(
        "The programme enabled better working practices across different sectors."
    )
    header[statement] = CONFIDENT
    rows = [
        header,
        [
            "Pre",
            "2024-01-15 10:00:00",
            "a@x.example",
            "A",
            "T",
            "School",
            "",
            "3",
            "",
            "",
            "",
            "Skills",
        ],
        [
            "post",
            "2024-04-15 10:00:00",
            "A@X.example ",
            "A",
            "T",
            "",
            "",
            "8",
            "Agree",
            "Case work",
            "More",
            "",
        ],
        ["post", "2024-04-15 11:00:00", "b@x.example", "B", "T", "", "", "6", "2", "", "", ""],
    ]
    parsed, con = _parse("pilot", rows)
    assert parsed.ok, parsed.errors
    waves = con.execute(
        "select wave, email, practice_use_score from staged_pilot_response order by source_row"
    ).fetchall()
    assert waves == [
        ("pre", "a@x.example", 3),
        ("post", "a@x.example", 8),
        ("post", "b@x.example", 6),
    ]
    likert = con.execute(
        "select email, statement, level from staged_likert order by source_row"
    ).fetchall()
    assert likert == [("a@x.example", CONFIDENT, 4), ("b@x.example", CONFIDENT, 2)]
    feedback = con.execute(
        "select wave, kind, text from staged_feedback order by source_row, kind"
    ).fetchall()
    assert feedback == [
        ("pre", "hope", "Skills"),
        ("post", "improve", "More"),
        ("post", "quote", "Case work"),
    ]
    assert any("b@x.example (post only)" in w.message for w in parsed.warnings)


def test_pilot_pre_upload_leaves_out_post_rows():
    header = _header("pilot_pre")
    rows = [
        header,
        ["pre", "2024-01-15 10:00:00", "a@x.example", "A", "T", "School", "", "3", "", "", "", ""],
        ["post", "2024-04-15 10:00:00", "a@x.example", "A", "T", "", "", "8", "", "", "", ""],
    ]
    parsed, _ = _parse("pilot_pre", rows)
    assert parsed.ok and parsed.n_rows_staged == 1 and parsed.n_excluded == 1
    assert any("post response in a pre upload" in w.message for w in parsed.warnings)


def test_pilot_bad_likert_and_wave_are_errors():
    header = _header("pilot")
    rows = [
        header,
        ["during", "2024-01-15 10:00:00", "a@x.example", "A", "T", "", "", "3", "", "", "", ""],
        ["post", "2024-04-15 10:00:00", "a@x.example", "A", "T", "", "", "8", "Agreed", "", "", ""],
    ]
    parsed, _ = _parse("pilot", rows)
    messages = [p.message for p in parsed.errors]
    assert any("not Pre or Post" in m for m in messages)
    assert parsed.errors[-1].value == "Agreed" or any("'Agreed'" in m for m in messages)


def test_cohorts_stage_with_types():
    rows = [
        _header("cohorts"),
        ["Perinatal", "1", "2024-01-15", "2024-04-12", "12", "Town hall", "complete"],
        ["5-10", "1", "15/09/2024", "2024-12-01", "", "", "planned"],
    ]
    parsed, con = _parse("cohorts", rows)
    assert parsed.ok, parsed.errors
    types = dict(
        con.execute("select column_name, column_type from (describe staged_cohort)").fetchall()
    )
    assert types == {
        "source_row": "INTEGER",
        "life_stage": "VARCHAR",
        "cohort_number": "INTEGER",
        "start_date": "DATE",
        "end_date": "DATE",
        "places": "INTEGER",
        "location": "VARCHAR",
        "status": "VARCHAR",
    }
    got = con.execute(
        "select life_stage, cohort_number, strftime(start_date, '%Y-%m-%d'), places "
        "from staged_cohort order by source_row"
    ).fetchall()
    assert got == [("Perinatal", 1, "2024-01-15", 12), ("5-11", 1, "2024-09-15", None)]


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (["Adults", "1", "2024-01-15", "2024-04-12", "", "", ""], "life stages"),
        (["0-5", "one", "2024-01-15", "2024-04-12", "", "", ""], "cohort number"),
        (["0-5", "2", "2024-13-45", "2024-04-12", "", "", ""], "a date"),
        (["0-5", "2", "2024-04-12", "2024-01-15", "", "", ""], "not after the start"),
        (["0-5", "2", "2024-01-15", "2024-04-12", "lots", "", ""], "number of places"),
        (["perinatal", "1", "2024-05-01", "2024-06-01", "", "", ""], "more than one row"),
    ],
)
def test_cohort_rows_are_validated(row, words):
    rows = [_header("cohorts"), ["Perinatal", "1", "2024-01-15", "2024-04-12", "", "", ""], row]
    parsed, _ = _parse("cohorts", rows)
    assert not parsed.ok
    assert any(words in p.message and p.row in (2, 3) for p in parsed.errors), parsed.errors


def test_cohorts_missing_a_required_column():
    parsed, _ = _parse(
        "cohorts", [["life_stage", "cohort_number", "start_date"], ["0-5", "1", "2024-01-01"]]
    )
    assert not parsed.ok
    assert set(parsed.unmapped) == {"end_date"}


def test_comms_and_feedback_stage():
    parsed, con = _parse(
        "comms", [_header("comms"), ["2024-02-01", "newsletter", " February update "]]
    )
    assert parsed.ok, parsed.errors
    assert con.execute("select kind, title from staged_comms_event").fetchall() == [
        ("newsletter", "February update")
    ]
    rows = [
        _header("feedback"),
        ["", "Went well", "Meeting people\nfrom other sectors 🙂 "],
        ["X@Y.example", "nope", "text"],
    ]
    parsed, con = _parse("feedback", rows)
    assert [(p.row, p.value) for p in parsed.errors] == [(3, "nope")]
    got = con.execute(
        "select wave, email, kind, question, text from staged_feedback order by source_row"
    ).fetchall()
    assert got[0] == (None, None, "went_well", None, "Meeting people\nfrom other sectors 🙂")


STAGED_SCHEMAS = {
    "staged_pilot_response": "source_row INTEGER, wave VARCHAR, submitted_at TIMESTAMP, "
    "email VARCHAR, external_ref VARCHAR, name VARCHAR, team VARCHAR, organisation VARCHAR, "
    "organisation_other VARCHAR, practice_use_score INTEGER",
    "staged_likert": "source_row INTEGER, wave VARCHAR, email VARCHAR, external_ref VARCHAR, "
    "statement VARCHAR, level INTEGER",
    "staged_feedback": "source_row INTEGER, wave VARCHAR, email VARCHAR, external_ref VARCHAR, "
    "kind VARCHAR, question VARCHAR, text VARCHAR",
    "staged_comms_event": "source_row INTEGER, event_date DATE, kind VARCHAR, title VARCHAR",
}


@pytest.mark.parametrize(
    ("kind", "row"),
    [
        (
            "pilot_post",
            ["", "2024-04-15 10:00:00", "a@x.example", "A", "T", "", "", "8", "4", "", "", ""],
        ),
        ("feedback", ["", "quote", "Good"]),
        ("comms", ["2024-02-01", "newsletter", "Update"]),
    ],
)
def test_staged_tables_have_the_agreed_types(kind, row):
    parsed, con = _parse(kind, [_header(kind), row])
    assert parsed.ok, parsed.errors
    for table in parsed.staged.values():
        described = con.execute(f"describe {table}").fetchall()
        assert ", ".join(f"{r[0]} {r[1]}" for r in described) == STAGED_SCHEMAS[table]
