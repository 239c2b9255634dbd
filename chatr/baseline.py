"""The system baseline survey, answered question by question for the filters in force."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from chatr import queries
from chatr.filters import Filters


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


def answered(con: duckdb.DuckDBPyConnection, filters: Filters) -> Answered:
    """n respondents and n answered per question."""
    row = queries.read(con, "baseline_answered", **filters.sql_params()).iloc[0]
    return Answered(
        respondents=int(row.n_respondents),
        life_stages=int(row.n_life_stages),
        organisation=int(row.n_organisation),
        practice_use_score=int(row.n_practice_use_score),
        interest=int(row.n_interest),
    )


def life_stages(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per life stage: n_respondents, n_answered, pct_of_respondents (multi-select)."""
    return queries.read(con, "baseline_life_stages", **filters.sql_params())


def organisations(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per organisation type ("Other" grouped): n_respondents, pct_of_respondents."""
    return queries.read(con, "baseline_organisations", **filters.sql_params())


def other_organisations(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per "Other" organisation text: other_text, n_respondents."""
    return queries.read(con, "baseline_other_organisations", **filters.sql_params())


def practice_use_distribution(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per 0-10 score: practice_use_score, n_respondents."""
    return queries.read(con, "baseline_practice_use_distribution", **filters.sql_params())


@dataclass(frozen=True)
class ScoreSummary:
    n: int
    mean: float | None
    median: float | None


def practice_use_summary(con: duckdb.DuckDBPyConnection, filters: Filters) -> ScoreSummary:
    """n, mean and median of the 0-10 use of trauma-informed practice."""
    row = queries.read(con, "baseline_practice_use_summary", **filters.sql_params()).iloc[0]
    n = int(row.n_respondents)
    return ScoreSummary(
        n=n,
        mean=float(row.mean_score) if n else None,
        median=float(row.median_score) if n else None,
    )


def interest(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per answer Yes / Maybe / No: n_respondents, pct_of_respondents."""
    return queries.read(con, "baseline_interest", **filters.sql_params())


def use_by_life_stage(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per life stage: n_respondents, mean_score, median_score."""
    return queries.read(con, "baseline_use_by_life_stage", **filters.sql_params())


def use_by_organisation(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per organisation type: n_respondents, mean_score, median_score."""
    return queries.read(con, "baseline_use_by_organisation", **filters.sql_params())
