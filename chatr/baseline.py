"""The system baseline survey, answered question by question for the filters in force, in one
survey wave (chatr.waves; the latest unless one is given)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from chatr import queries, waves
from chatr.filters import Filters


def _params(con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None) -> dict:
    """The filters' parameters and the survey wave (None: the latest)."""
    if wave_id is None:
        wave_id = waves.latest_id(con)
    return {**filters.sql_params(), "wave_id": wave_id}


@dataclass(frozen=True)
class Answered:
    """Respondents in the filter and how many answered each question."""

    respondents: int
    life_stages: int
    organisation: int
    practice_use_score: int
    interest: int

    def per_question(self) -> tuple[int, int, int, int]:
        """n answered of each question, in the survey's order."""
        return (self.life_stages, self.organisation, self.practice_use_score, self.interest)


def answered(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> Answered:
    """n respondents and n answered per question."""
    row = queries.read(con, "baseline_answered", **_params(con, filters, wave_id)).iloc[0]
    return Answered(
        respondents=int(row.n_respondents),
        life_stages=int(row.n_life_stages),
        organisation=int(row.n_organisation),
        practice_use_score=int(row.n_practice_use_score),
        interest=int(row.n_interest),
    )


def life_stages(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> pd.DataFrame:
    """One row per life stage: n_respondents, n_answered, pct_of_respondents (multi-select)."""
    return queries.read(con, "baseline_life_stages", **_params(con, filters, wave_id))


def organisations(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> pd.DataFrame:
    """One row per organisation type ("Other" grouped): n_respondents, pct_of_respondents."""
    return queries.read(con, "baseline_organisations", **_params(con, filters, wave_id))


def other_organisations(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> pd.DataFrame:
    """One row per "Other" organisation text: other_text, n_respondents."""
    return queries.read(con, "baseline_other_organisations", **_params(con, filters, wave_id))


def practice_use_distribution(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> pd.DataFrame:
    """One row per 0-10 score: practice_use_score, n_respondents."""
    return queries.read(con, "baseline_practice_use_distribution", **_params(con, filters, wave_id))


@dataclass(frozen=True)
class ScoreSummary:
    n: int
    mean: float | None
    median: float | None


def practice_use_summary(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> ScoreSummary:
    """n, mean and median of the 0-10 use of trauma-informed practice."""
    row = queries.read(con, "baseline_practice_use_summary", **_params(con, filters, wave_id)).iloc[
        0
    ]
    n = int(row.n_respondents)
    return ScoreSummary(
        n=n,
        mean=float(row.mean_score) if n else None,
        median=float(row.median_score) if n else None,
    )


def interest(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> pd.DataFrame:
    """One row per answer Yes / Maybe / No: n_respondents, pct_of_respondents."""
    return queries.read(con, "baseline_interest", **_params(con, filters, wave_id))


def use_by_life_stage(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> pd.DataFrame:
    """One row per life stage: n_respondents, mean_score, median_score."""
    return queries.read(con, "baseline_use_by_life_stage", **_params(con, filters, wave_id))


def use_by_organisation(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> pd.DataFrame:
    """One row per organisation type: n_respondents, mean_score, median_score."""
    return queries.read(con, "baseline_use_by_organisation", **_params(con, filters, wave_id))
