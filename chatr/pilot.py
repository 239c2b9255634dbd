"""Training cohorts: the plan's cohorts and each cohort's before/after evaluation."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import duckdb
import pandas as pd

from chatr import queries, stats, suppression
from chatr.filters import NO_FILTERS, Filters
from chatr.reference import AGREE_LEVELS

# For the board, Likert answers collapse to disagree (2), neutral (3) and agree (4) before
# suppression: fewer, larger groups, and "% agree" is unchanged.
BOARD_LEVELS = {1: 2, 2: 2, 3: 3, 4: 4, 5: 4}

CONFIDENCE_WORDS = "more confident"  # the seed's headline statement ("...feel more confident...")


def cohorts(con: duckdb.DuckDBPyConnection, today: date | None = None) -> pd.DataFrame:
    """One row per cohort in the plan, with its status on `today`."""
    return queries.read(con, "cohorts", today=today or date.today())


def evaluated_cohorts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Cohorts with pilot data, in the filter's life stages, latest start first."""
    plan = cohorts(con)
    chosen = plan[plan["status"] == "evaluated"]
    if filters.life_stages:
        chosen = chosen[chosen["life_stage"].isin(filters.life_stages)]
    return chosen.sort_values("start_date", ascending=False).reset_index(drop=True)


def scores(
    con: duckdb.DuckDBPyConnection, cohort_id: int, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """One row per participant: participant (P01.. by baseline), score_before, score_after,
    change, is_matched, and score_followup (months later; null when not answered)."""
    table = queries.read(
        con,
        "pilot_scores",
        cohort_id=cohort_id,
        organisations=filters.sql_params()["organisations"],
    )
    table.insert(0, "participant", [f"P{i:02d}" for i in range(1, len(table) + 1)])
    table["change"] = table["score_after"] - table["score_before"]
    return table.drop(columns=["person_id"])


def has_followup(scores: pd.DataFrame) -> bool:
    """Whether anyone in `scores` answered the months-later follow-up survey."""
    return bool(scores["score_followup"].notna().any())


def followup_pairs(scores: pd.DataFrame) -> pd.DataFrame:
    """The participants with both a before and a follow-up self-rating."""
    return scores[scores["score_before"].notna() & scores["score_followup"].notna()]


def sustained(scores: pd.DataFrame) -> stats.PairedResult:
    """Does the change last? The paired statistics of follow-up minus before over the people
    with both (the Wilcoxon p as scipy.stats.wilcoxon(followup, before) with its defaults)."""
    pairs = followup_pairs(scores)
    return stats.paired(pairs["score_before"], pairs["score_followup"])


def likert_levels(
    con: duckdb.DuckDBPyConnection, cohort_id: int, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """One row per statement and level 1-5: n_participants."""
    organisations = filters.sql_params()["organisations"]
    return queries.read(
        con, "pilot_likert_levels", cohort_id=cohort_id, organisations=organisations
    )


def pct_agree(levels: pd.DataFrame) -> pd.DataFrame:
    """One row per statement: n_answered, n_agree (agree or strongly agree), pct_agree."""
    levels = levels.assign(
        n_agree=levels["n_participants"].where(levels["level"].isin(AGREE_LEVELS), 0)
    )
    table = (
        levels.groupby(["statement_id", "statement_text"], as_index=False, sort=True)[
            ["n_participants", "n_agree"]
        ]
        .sum()
        .rename(columns={"n_participants": "n_answered"})
    )
    answered = table["n_answered"].where(table["n_answered"] > 0)
    table["pct_agree"] = (100 * table["n_agree"] / answered).round(1)
    return table.drop(columns=["statement_id"])


def board_likert(
    levels: pd.DataFrame, min_cell: int = suppression.MIN_CELL
) -> tuple[pd.DataFrame, list[str]]:
    """Likert levels as the board may see them: collapsed to disagree / neutral / agree, and
    only statements in which no answer group is under min_cell; and the statements left out."""
    collapsed = (
        levels.assign(level=levels["level"].map(BOARD_LEVELS))
        .groupby(["statement_id", "statement_text", "level"], as_index=False, sort=False)[
            "n_participants"
        ]
        .sum()
    )
    kept, withheld = [], []
    for _, statement in collapsed.groupby("statement_id", sort=False):
        marks = suppression.suppress(
            statement, count_column="n_participants", value_columns=(), min_cell=min_cell
        )["suppressed"]
        if (marks != "").any():
            withheld.append(str(statement["statement_text"].iloc[0]))
        else:
            kept.append(statement)
    shown = pd.concat(kept, ignore_index=True) if kept else collapsed.iloc[0:0]
    return shown, withheld


def withheld_from(scores: pd.DataFrame, board: bool) -> str | None:
    """Why nothing of a cohort is shown for these filters (to the board: fewer than 5
    participants, or fewer than 5 with both surveys; to anyone: no one with both), or None."""
    n_pairs = int(scores["is_matched"].sum())
    if board and (suppression.too_few(len(scores)) or suppression.too_few(n_pairs)):
        return (
            f"Fewer than {suppression.MIN_CELL} participants with both surveys match these "
            "filters, so their answers are not shown, to protect their identity. Widen the "
            "filters to see more."
        )
    if n_pairs == 0:
        return "No participant has both a before and an after survey for these filters."
    return None


def shown_split(result: stats.PairedResult, board: bool) -> tuple[int, int, int] | None:
    """Higher, same and lower afterwards as this reader may see them (see change_split)."""
    if board:
        return change_split(result)
    return (result.n_improved, result.n_same, result.n_worse)


def change_split(
    result: stats.PairedResult, min_cell: int = suppression.MIN_CELL
) -> tuple[int, int, int] | None:
    """How many rated higher, the same and lower afterwards; None when a group is under
    min_cell (the three add up to the pairs, so one small group gives the others away)."""
    counts = (result.n_improved, result.n_same, result.n_worse)
    table = pd.DataFrame({"n": list(counts)})
    marks = suppression.suppress(table, count_column="n", value_columns=(), min_cell=min_cell)
    return None if (marks["suppressed"] != "").any() else counts


def quartiles(values: pd.Series) -> dict[str, float] | None:
    """min, q1, median, q3 and max of the non-missing values (linear interpolation)."""
    values = values.dropna().astype(float)
    if values.empty:
        return None
    q1, median, q3 = values.quantile([0.25, 0.5, 0.75])
    return {
        "min": values.min(),
        "q1": q1,
        "median": median,
        "q3": q3,
        "max": values.max(),
    }


def feedback(con: duckdb.DuckDBPyConnection, cohort_id: int) -> pd.DataFrame:
    """One row per piece of free text: kind, feedback_text (anonymous)."""
    return queries.read(con, "pilot_feedback", cohort_id=cohort_id)


@dataclass(frozen=True)
class Spread:
    """n, median, range and mean of one wave's 0-10 self-ratings."""

    n: int
    median: float | None
    min: int | None
    max: int | None
    mean: float | None

    @classmethod
    def of(cls, values: pd.Series) -> Spread:
        """The spread of the non-missing values."""
        values = values.dropna()
        if values.empty:
            return cls(0, None, None, None, None)
        return cls(
            n=int(values.size),
            median=float(values.median()),
            min=int(values.min()),
            max=int(values.max()),
            mean=round(float(values.mean()), 3),
        )

    def as_dict(self) -> dict:
        return asdict(self)
