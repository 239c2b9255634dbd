"""Board slides: the charts of presentation mode, the deck and the PDF report, each with a
one-line takeaway written from the numbers, its n, the filters in force and its data source.
Figures and text only, never Streamlit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import partial

import duckdb
import pandas as pd
import plotly.graph_objects as go

from chatr import (
    baseline,
    community,
    db,
    demo,
    disclosure,
    overview,
    pilot,
    rollout,
    stats,
    suppression,
    waves,
)
from chatr.board import sources, takeaways
from chatr.charts import baseline as baseline_charts
from chatr.charts import pilot as pilot_charts
from chatr.charts import style
from chatr.charts import timeline as timeline_charts
from chatr.filters import Filters
from chatr.reference import LIFE_STAGE_COLOURS


@dataclass(frozen=True)
class Slide:
    """One chart for the board."""

    title: str  # e.g. "Pilot cohort Early Years 1: self-rating before and after"
    figure: go.Figure
    takeaway: str  # one sentence written from the numbers
    n_text: str  # e.g. "n = 11 matched participants"
    filters: str  # e.g. "Life stage: all · Organisation: all"
    source: str  # e.g. "Pilot surveys (Google Forms), uploaded 12 Mar 2026"


@dataclass(frozen=True)
class Deck:
    """A title page and its slides."""

    title: str  # "ChATR programme: board report"
    made_on: date
    filters: str
    audience: str  # e.g. "Board version: counts under 5 are not shown"
    slides: tuple[Slide, ...]


@dataclass(frozen=True)
class BaselineSlides:
    """The System baseline's six charts by name, for its page and the deck alike."""

    life_stages: Slide
    organisations: Slide
    practice_use: Slide
    interest: Slide
    use_by_life_stage: Slide
    use_by_organisation: Slide

    def in_order(self) -> tuple[Slide, ...]:
        """The slides in the deck's order."""
        return tuple(getattr(self, f.name) for f in fields(self))


BOARD_AUDIENCE = f"Board version: counts under {suppression.MIN_CELL} are not shown"

FULL_AUDIENCE = (
    f"Full version for leads and admins: shows counts under {suppression.MIN_CELL}; "
    "give the board the board version"
)


def deck(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    board: bool,
    today: date,
    cohort_labels: Sequence[str] = (),
) -> Deck:
    """The board deck: overview, system baseline, each evaluated cohort (or those chosen) and
    the rollout plan, as a board member (board=True) or a lead may see them."""
    found = all_slides(con, filters, board, today, cohort_labels)
    is_demo = demo.holds_demo_data(con)
    if is_demo:  # on every slide: a page of the deck on its own must not pass for real figures
        found = [replace(slide, source=f"{demo.DEMO_NOTICE} · {slide.source}") for slide in found]
    return Deck(
        title="ChATR programme: board report" + (" (demo data)" if is_demo else ""),
        made_on=today,
        filters=filters.describe(),
        audience=BOARD_AUDIENCE if board else FULL_AUDIENCE,
        slides=tuple(found),
    )


def all_slides(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    board: bool,
    today: date,
    cohort_labels: Sequence[str] = (),
) -> list[Slide]:
    """Every slide of the deck and of presentation mode, in order."""
    chosen = pilot.evaluated_cohorts(con, filters)
    if cohort_labels:
        unknown = set(cohort_labels) - set(chosen["cohort_label"])
        if unknown:
            raise ValueError(
                f"no evaluated cohort called {', '.join(sorted(unknown))} in these filters; "
                f"evaluated: {', '.join(chosen['cohort_label']) or 'none'}"
            )
        chosen = chosen[chosen["cohort_label"].isin(cohort_labels)]
    # Imported here: these modules build on this one's Slide. Wave slides come only with two
    # or more survey waves (the earliest against the latest), community slides only when a
    # Slack export or an attendance report is loaded.
    from chatr.board import community_slides, wave_slides  # noqa: PLC0415

    found = [
        overview_slide(con, filters, board, today),
        *_in_order(baseline_slides(con, filters, board)),
        *wave_slides.deck_slides(con, filters, board),
    ]
    for cohort in chosen.itertuples():
        found += cohort_slides(con, cohort.cohort_id, filters, board)
    found += community_slides.community_slides(con, filters, board)
    found.append(timeline_slide(con, filters, today, board))
    return found


def overview_slide(
    con: duckdb.DuckDBPyConnection, filters: Filters, board: bool, today: date
) -> Slide:
    """The Overview page's headline tiles as one picture."""
    head = overview.headline(con, filters, today)
    withheld = disclosure.baseline_withheld(con, filters) if board else None
    first = disclosure.first_wave_withheld(con, filters) if board else None
    shown = {tile.label: tile for tile in overview.tiles(head, board, withheld, first)}
    trained = shown["Trained (evaluated cohorts)"].value
    confident = shown["More confident after training"].value
    use = shown["Baseline use of the approach"].value
    parts = [
        f"{trained} {takeaways.plural(head.n_trained, 'person', 'people')} trained in "
        "evaluated cohorts"
    ]
    if confident != "–":
        parts.append(f"{confident} of them feel more confident")
    elif head.pct_more_confident is not None:
        parts.append(
            f"the share more confident is not shown (a group under {suppression.MIN_CELL})"
        )
    if use != "–":
        parts.append(f"baseline use of the approach {use}")
    n_text = (
        f"n = {trained} trained, {takeaways.count(head.n_confidence_answered, board)} answered the "
        f"confidence statement, {takeaways.count(head.n_baseline_use, board)} baseline "
        f"{takeaways.plural(head.n_baseline_use, 'respondent', 'respondents')}"
    )
    values = [(tile.label, tile.value) for tile in shown.values()]
    return Slide(
        title="Programme at a glance",
        figure=style.tiles(
            values, "The programme at a glance", f"{n_text}<br>{filters.describe()}"
        ),
        takeaway="; ".join(parts) + ".",
        n_text=n_text,
        filters=filters.describe(),
        source=sources.source_text(con, ("baseline", "pilot")),
    )


def baseline_slides(
    con: duckdb.DuckDBPyConnection, filters: Filters, board: bool, wave_id: int | None = None
) -> BaselineSlides | None:
    """The System baseline page's six charts for survey wave `wave_id` (None: the latest);
    None when too few respond for the board."""
    if wave_id is None:
        wave_id = waves.latest_id(con)
    answered = baseline.answered(con, filters, wave_id)
    if answered.respondents == 0 or (board and disclosure.baseline_withheld(con, filters, wave_id)):
        return None
    # Nine small queries at once: a new filter's page waits for them (~35 ms one after another
    # at any size, most of it DuckDB planning them).
    asked = [
        partial(query, con, filters, wave_id)
        for query in (
            baseline.practice_use_summary,
            baseline.life_stages,
            baseline.organisations,
            baseline.practice_use_distribution,
            baseline.interest,
            baseline.use_by_life_stage,
            baseline.use_by_organisation,
        )
    ]
    asked += [
        partial(sources.source_text, con, ("baseline",)),
        partial(waves.when_answered, con, wave_id),
    ]
    (
        summary,
        stages,
        organisations,
        distribution,
        interest,
        by_stage,
        by_organisation,
        source,
        when,
    ) = db.all_at_once(*asked)
    scores = {"value_columns": ("mean_score", "median_score")}
    stages = _protect(stages, board)
    organisations = _protect(organisations, board)
    distribution = _protect(distribution, board, value_columns=())
    interest = _protect(interest, board)
    describe = filters.describe()

    def slide(figure: go.Figure, takeaway: str, n: int, unit: str) -> Slide:
        if board and suppression.too_few(n):
            title = figure.layout.title.text.replace("<br>", " ")
            figure = style.withheld(title, filters)
            takeaway = f"Fewer than {suppression.MIN_CELL} answered this question: not shown."
            n_text = f"n < {suppression.MIN_CELL} {unit}"
        else:
            n_text = f"n = {n} {unit}"
        return Slide("System baseline", figure, takeaway, n_text, describe, source)

    return BaselineSlides(
        life_stages=slide(
            baseline_charts.life_stage_bars(stages, answered.life_stages, filters),
            takeaways.largest_group(stages, "life_stage", "work in the {} life stage"),
            answered.life_stages,
            "respondents answered",
        ),
        organisations=slide(
            baseline_charts.share_bars(
                organisations,
                "organisation",
                "What type of organisation do respondents work for?",
                answered.organisation,
                filters,
                note='"Other" groups the types respondents typed in',
            ),
            takeaways.largest_group(organisations, "organisation", "work for {}"),
            answered.organisation,
            "respondents answered",
        ),
        practice_use=slide(
            baseline_charts.practice_use_histogram(
                distribution,
                summary.n,
                disclosure.mean(summary.mean, board),
                summary.median,
                filters,
            ),
            "No one answered the 0-10 question."
            if summary.mean is None
            else f"{when}, respondents rate their use of "
            "trauma-informed practice "
            f"{summary.mean:.1f} out of 10 on average (median {summary.median:g}).",
            summary.n,
            "respondents answered",
        ),
        interest=slide(
            baseline_charts.interest_bars(interest, answered.interest, filters),
            takeaways.interest(interest),
            answered.interest,
            "respondents answered",
        ),
        use_by_life_stage=slide(
            baseline_charts.mean_by_group(
                _protect(by_stage, board, **scores),
                "life_stage",
                "Use of trauma-informed practice by life stage",
                int(by_stage["n_answered"].iloc[0]),
                filters,
                colours=LIFE_STAGE_COLOURS,
            ),
            takeaways.range_of_means(_protect(by_stage, board, **scores), "life_stage"),
            int(by_stage["n_answered"].iloc[0]),
            "respondents answered",
        ),
        use_by_organisation=slide(
            baseline_charts.mean_by_group(
                _protect(by_organisation, board, **scores),
                "organisation",
                "Use of trauma-informed practice by organisation type",
                int(by_organisation["n_respondents"].sum()),
                filters,
            ),
            takeaways.range_of_means(_protect(by_organisation, board, **scores), "organisation"),
            int(by_organisation["n_respondents"].sum()),
            "respondents answered",
        ),
    )


def cohort_slides(
    con: duckdb.DuckDBPyConnection, cohort_id: int, filters: Filters, board: bool
) -> list[Slide]:
    """A cohort's before/after, change by band and Likert charts; none when no participant has
    both surveys, or (for the board) fewer than 5 match the filters."""
    cohort = pilot.cohorts(con).set_index("cohort_id").loc[cohort_id]
    scores = pilot.scores(con, cohort_id, filters)
    if disclosure.cohort_view_withheld(con, cohort_id, filters, board):
        return []
    levels = pilot.likert_levels(con, cohort_id, filters)
    label = str(cohort["cohort_label"])
    followup_withheld = disclosure.followup_view_withheld(con, cohort_id, filters, board)
    figures = pilot_charts.cohort_figures(
        scores, levels, label, str(cohort["life_stage"]), filters, board,
        followup_shown=not followup_withheld,
    )  # fmt: skip
    matched = scores[scores["is_matched"]]
    result = stats.paired(matched["score_before"], matched["score_after"])
    n_text = disclosure.matched_text(result.n_pairs, len(scores), board)
    source = sources.source_text(con, ("pilot",), cohort_id)
    describe = filters.describe()
    title = f"Pilot results: {label}"
    found = [
        Slide(
            title,
            figures.before_after,
            takeaways.before_after(result, matched, board),
            n_text,
            describe,
            source,
        ),
        Slide(title, figures.bands, takeaways.bands(figures.band_table), n_text, describe, source),
    ]
    if figures.likert is not None:
        n_answered = int(figures.agree["n_answered"].max())
        found.append(
            Slide(
                title,
                figures.likert,
                takeaways.likert(figures.agree, figures.withheld),
                f"n = {n_answered} participants answered",
                describe,
                source,
            )
        )
    if figures.lasting is not None:  # the months-later follow-up, when shown to this reader
        lasting = pilot.sustained(scores)
        found.append(
            Slide(
                title,
                figures.lasting,
                takeaways.sustained(lasting, scores),
                f"n = {lasting.n_pairs} participants with a before and a months-later survey",
                describe,
                source,
            )
        )
    return found


def timeline_slide(
    con: duckdb.DuckDBPyConnection, filters: Filters, today: date, board: bool
) -> Slide:
    """The rollout plan: cohorts per life stage by status, and the comms events."""
    cohorts = disclosure.plan_people(rollout.timeline(con, today, filters.life_stages), board)
    events = rollout.comms_events(con)
    held = community.events(con)  # the sessions held; their attendees hidden from the board
    status = rollout.status_counts(cohorts)
    parts = [
        f"{status['finished']} {takeaways.plural(status['finished'], 'cohort', 'cohorts')} done, "
        f"{status['running']} running, {status['planned']} planned"
    ]
    upcoming = rollout.planned_in_order(cohorts)
    if len(upcoming):
        first = upcoming.iloc[0]
        parts.append(
            f"next to start: {first['cohort_label']} on {takeaways.day(first['start_date'])}"
        )
    live = len(cohorts) - status["cancelled"]
    return Slide(
        title="Rollout timeline",
        figure=timeline_charts.rollout_gantt(
            cohorts, events, today, filters, sessions=held, session_counts=not board
        ),
        takeaway="; ".join(parts) + ".",
        n_text=(
            f"n = {live} {takeaways.plural(live, 'cohort', 'cohorts')}, "
            f"{len(events)} communications "
            f"{takeaways.plural(len(events), 'event', 'events')}" + _sessions_held(len(held))
        ),
        filters=filters.describe(),
        source=sources.source_text(con, ("plan", "plan_edits")),
    )


def _sessions_held(n: int) -> str:
    return f", {n} {takeaways.plural(n, 'session', 'sessions')} held" if n else ""


def _in_order(found: BaselineSlides | None) -> tuple[Slide, ...]:
    return found.in_order() if found else ()


def _protect(table: pd.DataFrame, board: bool, **columns) -> pd.DataFrame:
    """The table as this reader may see it: small cells withheld, means to one decimal."""
    return disclosure.means(disclosure.cells(table, board, **columns), ("mean_score",), board)
