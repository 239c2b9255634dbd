"""A workbook column converted to text in one go gives exactly the text cell by cell does."""

from __future__ import annotations

import datetime as dt

import pytest

from chatr.ingest import workbook

COLUMNS = {
    "dates and times": [
        dt.datetime(2023, 10, 2, 8, 3, 7, 999_999), "", None, dt.datetime(2024, 2, 29, 23, 59, 59)
    ],
    "a year before 1000": [dt.datetime(999, 1, 1), None],
    "whole numbers": [1, 2, "", None, -5, 2**40],
    "whole numbers stored as floats": [1.0, -0.0, 7.0, None, "", 1e15],
    "fractions": [1.5, 2.0],
    "not a number": [float("nan"), 1.0],
    "past int64": [1e20, 1.0],
    "numbers and text": [1.0, "x"],
    "dates": [dt.date(2020, 1, 2), None],
    "booleans": [True, False],
    "blank": ["", None],
    "a heading over dates": ["Start time", dt.datetime(2023, 10, 2, 8, 0), "", None],
    "a heading and a note among numbers": ["ID", 1.0, "", "see note", 3.0],
    "times, and a date at midnight": ["Start", dt.datetime(2023, 10, 2, 7), dt.date(2023, 10, 3)],
    "whole numbers and a boolean": [True, 3, None],
}  # fmt: skip


@pytest.mark.parametrize("name", list(COLUMNS))
def test_a_column_reads_as_the_same_text_as_cell_by_cell(name):
    cells = COLUMNS[name]
    column = workbook._column_text(cells)
    text = column if isinstance(column, list) else column.to_pylist()
    assert text == [workbook._cell_text(cell) for cell in cells]


def test_dates_and_whole_numbers_take_the_bulk_conversion():
    for name in ("dates and times", "whole numbers", "a heading over dates"):
        assert not isinstance(workbook._column_text(COLUMNS[name]), list), name
