"""A survey population that is not among the samples loads to the right figures from every
tool's layout. The new population is made from each sample in its own layout: only people
whose e-mail starts with a-m are kept, and every 0-10 answer s becomes 10 - s. The expected
figures are worked out independently from the Google Forms CSV with the csv module."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter

import openpyxl
import pytest

from chatr import db, figures, upload
from chatr.filters import Filters
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
USE = "to what extent is aces"


def kept(email: object) -> bool:
    return str(email or "").strip().lower()[:1] in "abcdefghijklm"


def flipped(score: object) -> object:
    text = str(score).strip() if score is not None else ""
    return str(10 - int(float(text))) if text else score


# file -> (header rows, how to find the e-mail column among the header rows)
LAYOUTS = {
    "google_forms/System baseline survey.csv": (1, ("email address",)),
    "google_forms/System baseline survey (Responses) - Form responses 1.csv": (
        1,
        ("email address",),
    ),
    "microsoft_forms/System baseline survey(1-101) - saved as CSV UTF-8.csv": (1, ("email2",)),
    "microsoft_forms/System baseline survey(1-101).xlsx": (1, ("email2",)),
    "surveymonkey/System baseline survey - Data_All_231113.csv": (2, ("", "email address")),
    "surveymonkey/System baseline survey - Data_All_231113.xlsx": (2, ("", "email address")),
    "qualtrics/System+baseline+survey_choice_text.csv": (3, ("", "email")),
    "qualtrics/System+baseline+survey_numeric.csv": (3, ("", "email")),
}


def columns(headers: list[list], email_keys: tuple[str, ...]) -> tuple[int, int]:
    """(e-mail column, 0-10 column) found by header text, in the row the key names."""
    row = len(email_keys) - 1
    labels = [str(v or "").strip().lower() for v in headers[row]]
    email = labels.index(email_keys[-1])
    use = next(
        i for i, cells in enumerate(zip(*headers, strict=True))
        if any(str(c or "").lower().startswith(USE) for c in cells)
        and not any(str(c or "").endswith("- Group") for c in cells)
    )  # fmt: skip
    return email, use


def new_population_csv(data: bytes, header_rows: int, email_keys: tuple[str, ...]) -> bytes:
    text = data.decode("utf-8-sig")
    quoting = csv.QUOTE_ALL if text.startswith('"') else csv.QUOTE_MINIMAL
    rows = list(csv.reader(io.StringIO(text)))
    email, use = columns(rows[:header_rows], email_keys)
    body = [
        r[:use] + [flipped(r[use])] + r[use + 1 :] for r in rows[header_rows:] if kept(r[email])
    ]
    out = io.StringIO()
    csv.writer(out, quoting=quoting, lineterminator="\r\n").writerows(rows[:header_rows] + body)
    return out.getvalue().encode("utf-8")


def new_population_xlsx(path, header_rows: int, email_keys: tuple[str, ...]) -> bytes:
    book = openpyxl.load_workbook(path)
    sheet = book.active
    headers = [[c.value for c in row] for row in sheet.iter_rows(max_row=header_rows)]
    email, use = columns(headers, email_keys)
    for index in range(sheet.max_row, header_rows, -1):
        row = sheet[index]
        if not kept(row[email].value):
            sheet.delete_rows(index)
        elif row[use].value not in (None, ""):
            row[use].value = 10 - int(row[use].value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def expected() -> dict:
    """From the Google Forms CSV: people kept, latest submission per e-mail, scores flipped."""
    with open(FIXTURES / "google_forms/System baseline survey.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    latest = {}
    for row in rows:  # the export lists submissions in time order: the later one wins
        if kept(row["Email address"]):
            latest[row["Email address"].strip().lower()] = row
    use = next(k for k in rows[0] if k.lower().startswith(USE))
    scores = [10 - int(r[use]) for r in latest.values() if r[use]]
    interest = Counter(r[next(k for k in r if k.startswith("Would you"))] for r in latest.values())
    stages = Counter(
        s for r in latest.values() for s in r["What life stage(s) do you work in?"].split(";") if s
    )
    return {
        "respondents": len(latest),
        "mean": round(statistics.mean(scores), 3),
        "distribution": {str(k): scores.count(k) for k in range(11)},
        "interest": {a: interest[a] for a in ("Yes", "Maybe", "No")},
        "stages": [stages[s] for s in ("Perinatal", "0-5", "5-11", "11-19", "19-25")],
    }


@pytest.mark.parametrize("relative", list(LAYOUTS))
def test_a_new_population_loads_to_its_figures_from_every_layout(tmp_path, relative):
    header_rows, email_keys = LAYOUTS[relative]
    path = FIXTURES / relative
    if path.suffix == ".xlsx":
        data = new_population_xlsx(path, header_rows, email_keys)
    else:
        data = new_population_csv(path.read_bytes(), header_rows, email_keys)
    con = db.connect(tmp_path / "chatr.duckdb", create=True)
    outcome = upload.load_file(con, data, path.name, "baseline", cohort=None, uploaded_by="t")
    assert outcome.status == "loaded", outcome.problems
    result = figures.baseline_figures(con, Filters())
    want = expected()
    assert 20 < want["respondents"] < 90  # really another population
    assert result["respondents"] == want["respondents"]
    assert result["practice_use_mean"] == pytest.approx(want["mean"], abs=5e-4)
    assert result["practice_use_distribution"] == want["distribution"]
    assert result["interest_counts"] == want["interest"]
    assert list(result["life_stage_counts"].values()) == want["stages"]
    con.close()
