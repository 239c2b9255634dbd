"""The Overview page's headline figures: one number per question the board asks first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from chatr import baseline, pilot, queries, rollout, suppression, waves
from chatr.filters import Filters


@dataclass(frozen=True)
class Headline:
    """The headline tiles, each with the n behind it."""

    n_trained: int
    cohorts_done: int
    cohorts_running: int
    cohorts_planned: int
    n_confidence_answered: int
    n_confident: int
    pct_more_confident: float | None
    baseline_mean_use: float | None
    n_baseline_use: int
    n_interested: int
    n_interest_answered: int
    # With two survey waves or more: the first wave's mean and n (the tile shows "5.7 → 6.3").
    first_wave_mean_use: float | None = None
    n_first_wave_use: int = 0


def headline(
    con: duckdb.DuckDBPyConnection, filters: Filters, today: date | None = None
) -> Headline:
    """Trained, cohorts by status, % more confident, baseline mean use, people interested."""
    status = rollout.status_counts(
        rollout.timeline(con, today or date.today(), filters.life_stages)
    )
    totals = queries.read(
        con,
        "overview_pilot_totals",
        **filters.sql_params(),
        statement_pattern=f"%{pilot.CONFIDENCE_WORDS}%",
    ).iloc[0]
    answered = int(totals.n_confidence_answered)
    latest, earliest = waves.latest_id(con), waves.earliest_id(con)
    use = baseline.practice_use_summary(con, filters, latest)
    first = baseline.practice_use_summary(con, filters, earliest) if earliest != latest else None
    interest = baseline.interest(con, filters, latest).set_index("interest")["n_respondents"]
    return Headline(
        n_trained=int(totals.n_trained),
        cohorts_done=status["finished"],
        cohorts_running=status["running"],
        cohorts_planned=status["planned"],
        n_confidence_answered=answered,
        n_confident=int(totals.n_confident),
        pct_more_confident=round(100 * int(totals.n_confident) / answered, 1) if answered else None,
        baseline_mean_use=None if use.mean is None else round(use.mean, 1),
        n_baseline_use=use.n,
        n_interested=int(interest.get("Yes", 0) + interest.get("Maybe", 0)),
        n_interest_answered=int(interest.sum()),
        first_wave_mean_use=None if first is None or first.mean is None else round(first.mean, 1),
        n_first_wave_use=0 if first is None else first.n,
    )


def confidence_tile(head: Headline, board: bool) -> tuple[str, str]:
    """The "more confident" tile's value and explanation; for the board, withheld (and its n
    not given) when the people who did or did not agree include a group under the threshold."""
    n = head.n_confidence_answered
    if head.pct_more_confident is None:
        return "–", "No cohort in these filters has answered the confidence statement yet."
    groups = (head.n_confident, n - head.n_confident)
    if board and any(suppression.too_few(group) for group in groups):
        return "–", f"Not shown: fewer than {suppression.MIN_CELL} people gave one of the answers."
    return (
        f"{head.pct_more_confident:.0f}%",
        f"Agree or strongly agree they feel more confident; n = {n}.",
    )


@dataclass(frozen=True)
class Tile:
    """One headline tile as a user may see it."""

    label: str
    value: str
    explained: str


def tiles(
    head: Headline,
    board: bool,
    baseline_withheld: str | None = None,
    first_wave_withheld: str | None = None,
) -> list[Tile]:
    """The six headline tiles, for the Overview page and the board slides. For the board, a
    count under the threshold shows "<5", and a share or mean resting on one is not shown;
    the baseline tiles are not shown when the filters are withheld, and the first wave's mean
    not when they are withheld in that wave (chatr.disclosure)."""
    small = suppression.SMALL

    def count(n: int) -> str:
        return small if board and suppression.too_few(n) else str(n)

    confident, confident_why = confidence_tile(head, board)
    use_hidden = board and (suppression.too_few(head.n_baseline_use) or bool(baseline_withheld))
    if head.baseline_mean_use is None or use_hidden:
        use = "–"
        use_why = (
            (baseline_withheld or f"Not shown: fewer than {suppression.MIN_CELL} answered.")
            if use_hidden
            else "No baseline respondent in these filters answered the 0-10 question."
        )
    else:
        use = f"{head.baseline_mean_use:.1f} / 10"
        use_why = f"Mean 0-10 in the system baseline survey; n = {head.n_baseline_use}."
        first_hidden = board and (
            suppression.too_few(head.n_first_wave_use) or bool(first_wave_withheld)
        )
        if head.first_wave_mean_use is not None and not first_hidden:
            use = f"{head.first_wave_mean_use:.1f} → {head.baseline_mean_use:.1f}"
            use_why = (
                "Mean 0-10 in the first and the latest run of the system survey; "
                f"n = {head.n_first_wave_use} and {head.n_baseline_use}."
            )
    not_interested = head.n_interest_answered - head.n_interested
    interest_hidden = board and (
        suppression.too_few(head.n_interested)
        or suppression.too_few(not_interested)
        or bool(baseline_withheld)
    )
    return [
        Tile(
            "Trained (evaluated cohorts)",
            count(head.n_trained),
            "Participants of cohorts whose before/after surveys are loaded.",
        ),
        Tile(
            "Cohorts done",
            str(head.cohorts_done),
            "Including those whose evaluation is loaded.",
        ),
        Tile(
            "Cohorts running / planned",
            f"{head.cohorts_running} / {head.cohorts_planned}",
            "Cohorts of the plan in the chosen life stages.",
        ),
        Tile("More confident after training", confident, confident_why),
        Tile("Baseline use of the approach", use, use_why),
        Tile(
            "Interested in training",
            "–" if interest_hidden else str(head.n_interested),
            f"Not shown: fewer than {suppression.MIN_CELL} people gave one of the answers."
            if interest_hidden
            else f"Answered Yes or Maybe; n = {head.n_interest_answered} answered.",
        ),
    ]
