"""Runs of the system baseline survey ("Baseline Nov 2020", "Follow-up Nov 2021"): which waves
there are, and what changed between two of them (no Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from chatr import queries
from chatr.filters import Filters
from chatr.reference import LIFE_STAGES

if TYPE_CHECKING:  # imported where a DataFrame is made: `chatr load` starts lighter without
    import pandas as pd

MAX_LABEL_LENGTH = 60


def checked_label(label: str) -> str:
    """A wave's label as given, trimmed; ValueError, for a person, if it cannot be one."""
    cleaned = " ".join((label or "").split())
    if not cleaned:
        raise ValueError(
            "A survey wave needs a name, e.g. 'Follow-up Nov 2021'; nothing was loaded."
        )
    if len(cleaned) > MAX_LABEL_LENGTH:
        raise ValueError(
            f"A survey wave's name is at most {MAX_LABEL_LENGTH} characters ('{cleaned[:20]}...' "
            "is longer); nothing was loaded."
        )
    return cleaned


def listed(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per wave holding responses, earliest first: wave_id, label, first_submitted,
    last_submitted, n_respondents."""
    return queries.read(con, "survey_waves")


def earliest_id(con: duckdb.DuckDBPyConnection) -> int | None:
    """The first wave (the baseline that earlier figures describe); None when there is none."""
    found = listed(con)
    return int(found.wave_id.iloc[0]) if len(found) else None


def latest_id(con: duckdb.DuckDBPyConnection) -> int | None:
    """The latest wave (what pages show by default); None when there is none."""
    found = listed(con)
    return int(found.wave_id.iloc[-1]) if len(found) else None


def later_label(con: duckdb.DuckDBPyConnection, wave_id: int | None) -> str | None:
    """The wave's label when it is a later run of the survey; None for the first (the
    baseline, before training) or when there is only one."""
    found = listed(con)
    if len(found) < 2 or wave_id is None or int(found.wave_id.iloc[0]) == wave_id:
        return None
    return str(found.label[found.wave_id == wave_id].iloc[0])


def when_answered(con: duckdb.DuckDBPyConnection, wave_id: int | None) -> str:
    """How a sentence about the wave's answers begins: "Before training" for the baseline,
    "In Follow-up Nov 2021" for a later wave."""
    later = later_label(con, wave_id)
    return f"In {later}" if later else "Before training"


TRAINED_CAVEAT = (
    "People chose to join a cohort, so the trained may differ from the others in ways that "
    "also change their answers: this compares two groups, it is not a trial, and it cannot "
    "show that the training caused the difference."
)


@dataclass(frozen=True)
class UnpairedChange:
    """The change in mean 0-10 use between two waves' respondents (Welch's t-test)."""

    n_earlier: int
    n_later: int
    mean_earlier: float | None
    mean_later: float | None
    mean_change: float | None
    ci95: tuple[float, float] | None
    p_value: float | None


@dataclass(frozen=True)
class MatchedChange:
    """The change of the same people, matched by e-mail, with a 0-10 answer in both waves."""

    n: int
    mean_change: float | None
    wilcoxon_p: float | None


@dataclass(frozen=True)
class GroupChange:
    n: int
    mean_change: float | None


@dataclass(frozen=True)
class TrainedChange:
    """Among matched people: those trained between the waves against the others."""

    trained: GroupChange
    untrained: GroupChange
    difference: float | None
    ci95: tuple[float, float] | None
    caveat: str = TRAINED_CAVEAT


def welch(later: pd.Series, earlier: pd.Series) -> UnpairedChange:
    """Difference in means (later - earlier), its 95% CI and p exactly as
    scipy.stats.ttest_ind(later, earlier, equal_var=False) gives them; None with under 2 each."""
    from scipy import stats as scipy_stats  # noqa: PLC0415 - a second at start-up

    later, earlier = later.astype(float), earlier.astype(float)
    mean_later = float(later.mean()) if len(later) else None
    mean_earlier = float(earlier.mean()) if len(earlier) else None
    if len(later) < 2 or len(earlier) < 2:
        return UnpairedChange(len(earlier), len(later), mean_earlier, mean_later, None, None, None)
    result = scipy_stats.ttest_ind(later, earlier, equal_var=False)
    interval = result.confidence_interval(0.95)
    return UnpairedChange(
        n_earlier=len(earlier),
        n_later=len(later),
        mean_earlier=mean_earlier,
        mean_later=mean_later,
        mean_change=mean_later - mean_earlier,
        ci95=(float(interval.low), float(interval.high)),
        p_value=float(result.pvalue),
    )


def scores(con: duckdb.DuckDBPyConnection, wave_id: int | None, filters: Filters) -> pd.DataFrame:
    """One row per respondent of the wave in the filters with a 0-10 answer: life_stages,
    organisation, practice_use_score."""
    return queries.read(con, "wave_scores", wave_id=wave_id, **filters.sql_params())


def unpaired_change(
    con: duckdb.DuckDBPyConnection, earlier_id: int, later_id: int, filters: Filters
) -> UnpairedChange:
    """Welch's change in mean 0-10 use from the earlier wave to the later, filters applied."""
    return welch(
        scores(con, later_id, filters).practice_use_score,
        scores(con, earlier_id, filters).practice_use_score,
    )


def change_by(
    con: duckdb.DuckDBPyConnection, earlier_id: int, later_id: int, filters: Filters, by: str
) -> pd.DataFrame:
    """One row per life stage (by="life_stage") or organisation type (by="organisation"):
    n_earlier, n_later, mean_earlier, mean_later, mean_change, ci_low, ci_high, p_value."""
    earlier, later = scores(con, earlier_id, filters), scores(con, later_id, filters)
    if by == "life_stage":
        groups = list(LIFE_STAGES)

        def rows(frame: pd.DataFrame, group: str) -> pd.Series:
            held = frame.life_stages.map(lambda stages: group in list(stages))
            return frame.practice_use_score[held.astype(bool)]
    elif by == "organisation":
        groups = sorted(set(earlier.organisation.dropna()) | set(later.organisation.dropna()))

        def rows(frame: pd.DataFrame, group: str) -> pd.Series:
            return frame.practice_use_score[frame.organisation == group]
    else:
        raise ValueError(f"change_by: by is 'life_stage' or 'organisation', not {by!r}")
    found = []
    for group in groups:
        change = welch(rows(later, group), rows(earlier, group))
        low, high = change.ci95 or (None, None)
        found.append(
            {by: group, "n_earlier": change.n_earlier, "n_later": change.n_later,
             "mean_earlier": change.mean_earlier, "mean_later": change.mean_later,
             "mean_change": change.mean_change, "ci_low": low, "ci_high": high,
             "p_value": change.p_value}
        )  # fmt: skip
    import pandas as pd  # noqa: PLC0415 - 0.7 s and 85 MB that `chatr load` never needs

    return pd.DataFrame(found)


def matched_scores(
    con: duckdb.DuckDBPyConnection, earlier_id: int, later_id: int, filters: Filters
) -> pd.DataFrame:
    """One row per person with a 0-10 answer in both waves (in the filters by their earlier
    answers): score_earlier, score_later, is_trained."""
    return queries.read(
        con, "wave_matched_scores", earlier_wave_id=earlier_id, later_wave_id=later_id,
        **filters.sql_params(),
    )  # fmt: skip


def matched_change(matched: pd.DataFrame) -> MatchedChange:
    """n, mean change and the Wilcoxon signed-rank p (scipy.stats.wilcoxon(later, earlier),
    scipy's defaults, as for cohorts) of matched people."""
    from chatr import stats  # noqa: PLC0415 - numpy and pandas: `chatr load` never needs them

    change = matched.score_later.astype(float) - matched.score_earlier.astype(float)
    return MatchedChange(
        n=len(matched),
        mean_change=float(change.mean()) if len(matched) else None,
        wilcoxon_p=stats.wilcoxon_p(matched.score_earlier, matched.score_later),
    )


def trained_change(matched: pd.DataFrame) -> TrainedChange:
    """Matched people trained in a cohort that ended between the waves against the others:
    the mean change of each and the difference with Welch's 95% CI."""
    change = matched.score_later.astype(float) - matched.score_earlier.astype(float)
    trained, untrained = change[matched.is_trained], change[~matched.is_trained]
    difference = welch(trained, untrained)
    return TrainedChange(
        trained=GroupChange(len(trained), float(trained.mean()) if len(trained) else None),
        untrained=GroupChange(len(untrained), float(untrained.mean()) if len(untrained) else None),
        difference=difference.mean_change,
        ci95=difference.ci95,
    )


def trained_sentence(change: TrainedChange) -> str:
    """A plain sentence on the trained against the others, with what it cannot show."""
    if change.difference is None:
        return (
            "Too few people answered both waves in each group to compare the trained with the "
            "others. " + change.caveat
        )
    low, high = change.ci95
    direction = "more" if change.difference > 0 else "less"
    return (
        f"People trained between the waves changed {abs(change.difference):.1f} points "
        f"{direction} on average than the others (95% CI {low:.1f} to {high:.1f}). " + change.caveat
    )
