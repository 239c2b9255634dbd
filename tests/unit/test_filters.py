"""The global filters: canonical values, URL round trip, SQL parameters, captions."""

from __future__ import annotations

import pytest

from chatr.filters import Filters


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["0-5s", "5-10", "18-25"], ("0-5", "5-11", "19-25")),
        (["11-18", "perinatal"], ("Perinatal", "11-19")),
        (["nonsense", "0-5"], ("0-5",)),
        ([], ()),
    ],
)
def test_life_stage_spellings_become_canonical_in_reference_order(given, expected):
    assert Filters.of(given).life_stages == expected


def test_curly_apostrophes_and_case_match_organisations():
    assert Filters.of((), ["children’s centre", "OTHER"]).organisations == (
        "Children's Centre",
        "Other",
    )


def test_query_string_round_trip():
    filters = Filters(("Perinatal", "0-5"), ("School",))
    assert Filters.from_query_params(filters.to_query_params()) == filters
    assert Filters.from_query_params({"life_stage": "0-5"}) == Filters(("0-5",), ())
    assert Filters().to_query_params() == {}


def test_sql_params_use_null_for_all():
    assert Filters().sql_params() == {"life_stages": None, "organisations": None}
    assert Filters(("0-5",), ()).sql_params() == {"life_stages": ["0-5"], "organisations": None}


def test_describe_names_the_filters_in_force():
    assert Filters().describe() == "Life stages: all life stages · Organisations: all organisations"
    assert "Perinatal, 0-5" in Filters(("Perinatal", "0-5"), ()).describe()
