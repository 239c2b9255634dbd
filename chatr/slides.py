"""Board slides: the charts of presentation mode, the deck and the PDF report, each with a
one-line takeaway written from the numbers, its n, the filters in force and its data source.
Figures and text only, never Streamlit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd
import plotly.graph_objects as go

from chatr import (
    baseline,
    charts,
    overview,
    pilot,
    pilot_charts,
    plan,
    queries,
    stats,
    suppression,
    timeline_charts,
)
from chatr.filters import Filters


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


TOOL_NAMES = {
    "google_forms": "Google Forms",
    "google_sheets": "Google Sheets",
    "microsoft_forms": "Microsoft Forms",
    "microsoft_forms_csv": "Microsoft Forms CSV",
    "surveymonkey": "SurveyMonkey",
    "qualtrics": "Qualtrics",
    "canonical": "dashboard CSV",
}
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
    return Deck(
        title="ChATR programme: board report",
        made_on=today,
        filters=filters.describe(),
        audience=BOARD_AUDIENCE if board else FULL_AUDIENCE,
        slides=tuple(all_slides(con, filters, board, today, cohort_labels)),
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
    found = [overview_slide(con, filters, board, today), *baseline_slides(con, filters, board)]
    for cohort in chosen.itertuples():
        found += cohort_slides(con, cohort.cohort_id, filters, board)
    found.append(timeline_slide(con, filters, today))
    return found


def overview_slide(
    con: duckdb.DuckDBPyConnection, filters: Filters, board: bool, today: date
) -> Slide:
    """The Overview page's headline tiles as one picture."""
    head = overview.headline(con, filters, today)
    shown = {tile.label: tile for tile in overview.tiles(head, board)}
    trained = shown["Trained (evaluated cohorts)"].value
    confident = shown["More confident after training"].value
    use = shown["Baseline use of the approach"].value
    parts = [
        f"{trained} {_plural(head.n_trained, 'person', 'people')} trained in evaluated cohorts"
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
        f"n = {trained} trained, {_count(head.n_confidence_answered, board)} answered the "
        f"confidence statement, {_count(head.n_baseline_use, board)} baseline "
        f"{_plural(head.n_baseline_use, 'respondent', 'respondents')}"
    )
    values = [(tile.label, tile.value) for tile in shown.values()]
    return Slide(
        title="Programme at a glance",
        figure=charts.tiles(
            values, "The programme at a glance", f"{n_text}<br>{filters.describe()}"
        ),
        takeaway="; ".join(parts) + ".",
        n_text=n_text,
        filters=filters.describe(),
        source=_source_text(con, ("baseline", "pilot")),
    )


def baseline_slides(con: duckdb.DuckDBPyConnection, filters: Filters, board: bool) -> list[Slide]:
    """The System baseline page's six charts; none when too few respond for the board."""
    answered = baseline.answered(con, filters)
    if answered.respondents == 0 or (board and suppression.too_few(answered.respondents)):
        return []
    summary = baseline.practice_use_summary(con, filters)
    scores = {"value_columns": ("mean_score", "median_score")}
    stages = _protect(baseline.life_stages(con, filters), board)
    organisations = _protect(baseline.organisations(con, filters), board)
    distribution = _protect(
        baseline.practice_use_distribution(con, filters), board, value_columns=()
    )
    interest = _protect(baseline.interest(con, filters), board)
    by_stage = baseline.use_by_life_stage(con, filters)
    by_organisation = baseline.use_by_organisation(con, filters)
    source = _source_text(con, ("baseline",))
    describe = filters.describe()

    def slide(figure: go.Figure, takeaway: str, n: int, unit: str) -> Slide:
        if board and suppression.too_few(n):
            title = figure.layout.title.text.replace("<br>", " ")
            figure = charts.withheld(title, filters)
            takeaway = f"Fewer than {suppression.MIN_CELL} answered this question: not shown."
            n_text = f"n < {suppression.MIN_CELL} {unit}"
        else:
            n_text = f"n = {n} {unit}"
        return Slide("System baseline", figure, takeaway, n_text, describe, source)

    return [
        slide(
            charts.life_stage_bars(stages, answered.life_stages, filters),
            _largest(stages, "life_stage", "work in the {} life stage"),
            answered.life_stages,
            "respondents answered",
        ),
        slide(
            charts.share_bars(
                organisations,
                "organisation",
                "What type of organisation do respondents work for?",
                answered.organisation,
                filters,
                note='"Other" groups the types respondents typed in',
            ),
            _largest(organisations, "organisation", "work for {}"),
            answered.organisation,
            "respondents answered",
        ),
        slide(
            charts.practice_use_histogram(
                distribution, summary.n, summary.mean, summary.median, filters
            ),
            "No one answered the 0-10 question."
            if summary.mean is None
            else f"Before training, respondents rate their use of trauma-informed practice "
            f"{summary.mean:.1f} out of 10 on average (median {summary.median:g}).",
            summary.n,
            "respondents answered",
        ),
        slide(
            charts.interest_bars(interest, answered.interest, filters),
            _interest_takeaway(interest),
            answered.interest,
            "respondents answered",
        ),
        slide(
            charts.mean_by_group(
                _protect(by_stage, board, **scores),
                "life_stage",
                "Use of trauma-informed practice by life stage",
                int(by_stage["n_answered"].iloc[0]),
                filters,
                colours=charts.LIFE_STAGE_COLOURS,
            ),
            _range_of_means(_protect(by_stage, board, **scores), "life_stage"),
            int(by_stage["n_answered"].iloc[0]),
            "respondents answered",
        ),
        slide(
            charts.mean_by_group(
                _protect(by_organisation, board, **scores),
                "organisation",
                "Use of trauma-informed practice by organisation type",
                int(by_organisation["n_respondents"].sum()),
                filters,
            ),
            _range_of_means(_protect(by_organisation, board, **scores), "organisation"),
            int(by_organisation["n_respondents"].sum()),
            "respondents answered",
        ),
    ]


def cohort_slides(
    con: duckdb.DuckDBPyConnection, cohort_id: int, filters: Filters, board: bool
) -> list[Slide]:
    """A cohort's before/after, change by band and Likert charts; none when no participant has
    both surveys, or (for the board) fewer than 5 match the filters."""
    cohort = pilot.cohorts(con).set_index("cohort_id").loc[cohort_id]
    scores = pilot.scores(con, cohort_id, filters)
    if pilot.withheld_from(scores, board):
        return []
    levels = pilot.likert_levels(con, cohort_id, filters)
    label = str(cohort["cohort_label"])
    figures = pilot_charts.cohort_figures(
        scores, levels, label, str(cohort["life_stage"]), filters, board
    )
    matched = scores[scores["is_matched"]]
    result = stats.paired(matched["score_before"], matched["score_after"])
    n_text = f"n = {result.n_pairs} matched participants of {len(scores)}"
    source = _source_text(con, ("pilot",), cohort_id)
    describe = filters.describe()
    title = f"Pilot results: {label}"
    found = [
        Slide(
            title,
            figures.before_after,
            _before_after_takeaway(result, matched, board),
            n_text,
            describe,
            source,
        ),
        Slide(title, figures.bands, _bands_takeaway(figures.band_table), n_text, describe, source),
    ]
    if figures.likert is not None:
        n_answered = int(figures.agree["n_answered"].max())
        found.append(
            Slide(
                title,
                figures.likert,
                _likert_takeaway(figures.agree, figures.withheld),
                f"n = {n_answered} participants answered",
                describe,
                source,
            )
        )
    return found


def timeline_slide(con: duckdb.DuckDBPyConnection, filters: Filters, today: date) -> Slide:
    """The rollout plan: cohorts per life stage by status, and the comms events."""
    cohorts = plan.timeline(con, today, filters.life_stages)
    events = plan.comms_events(con)
    status = plan.status_counts(cohorts)
    parts = [
        f"{status['finished']} {_plural(status['finished'], 'cohort', 'cohorts')} done, "
        f"{status['running']} running, {status['planned']} planned"
    ]
    upcoming = plan.planned_in_order(cohorts)
    if len(upcoming):
        first = upcoming.iloc[0]
        parts.append(f"next to start: {first['cohort_label']} on {_day(first['start_date'])}")
    live = len(cohorts) - status["cancelled"]
    return Slide(
        title="Rollout timeline",
        figure=timeline_charts.rollout_gantt(cohorts, events, today, filters),
        takeaway="; ".join(parts) + ".",
        n_text=(
            f"n = {live} {_plural(live, 'cohort', 'cohorts')}, {len(events)} communications "
            f"{_plural(len(events), 'event', 'events')}"
        ),
        filters=filters.describe(),
        source=_source_text(con, ("plan", "plan_edits")),
    )


def _protect(table: pd.DataFrame, board: bool, **columns) -> pd.DataFrame:
    return suppression.suppress(table, **columns) if board else table


def _visible(table: pd.DataFrame, column: str) -> pd.DataFrame:
    return table[table[column].notna()]


def _largest(table: pd.DataFrame, label: str, phrase: str) -> str:
    """'The largest group of respondents {phrase}' with the group's label and share."""
    shown = _visible(table, "pct_of_respondents")
    shown = shown[shown["n_respondents"] > 0]
    if shown.empty:
        return "No answers to show."
    top = shown.loc[shown["pct_of_respondents"].idxmax()]
    share = f"{top['pct_of_respondents']:.0f}%"
    return f"The largest group of respondents {phrase.format(top[label])} ({share})."


def _interest_takeaway(interest: pd.DataFrame) -> str:
    shown = _visible(interest, "pct_of_respondents").set_index("interest")["pct_of_respondents"]
    said = [f"{shown[a]:.0f}% {a.lower()}" for a in ("Yes", "Maybe", "No") if a in shown]
    if not said:
        return "No answers to show."
    return "Would they join a development programme? " + ", ".join(said) + "."


def _range_of_means(table: pd.DataFrame, label: str) -> str:
    shown = _visible(table, "mean_score")
    shown = shown[shown["n_respondents"] > 0]
    if shown.empty:
        return "No group to show."
    if len(shown) == 1:
        row = shown.iloc[0]
        return f"Mean use {row['mean_score']:.1f} out of 10 in {row[label]}."
    high = shown.loc[shown["mean_score"].idxmax()]
    low = shown.loc[shown["mean_score"].idxmin()]
    if round(high["mean_score"], 1) == round(low["mean_score"], 1):
        return f"Mean use {high['mean_score']:.1f} out of 10 in every group shown."
    return (
        f"Highest mean use in {high[label]} ({high['mean_score']:.1f} out of 10), lowest in "
        f"{low[label]} ({low['mean_score']:.1f})."
    )


def _before_after_takeaway(result: stats.PairedResult, matched: pd.DataFrame, board: bool) -> str:
    before = float(matched["score_before"].median())
    after = float(matched["score_after"].median())
    if after == before:
        text = f"The median self-rating stayed at {after:g} out of 10"
    else:
        moved = "rose" if after > before else "fell"
        text = f"The median self-rating {moved} from {before:g} to {after:g} out of 10"
    split = pilot.shown_split(result, board)
    if split is not None:
        text += f"; {split[0]} of {result.n_pairs} rated their practice higher afterwards"
    if result.is_small:
        text += f" (only {result.n_pairs} {_plural(result.n_pairs, 'pair', 'pairs')}: indicative)"
    return text + "."


def _bands_takeaway(bands: pd.DataFrame) -> str:
    shown = bands.dropna(subset=["mean_change"])
    marks = bands["suppressed"] if "suppressed" in bands else pd.Series("", index=bands.index)
    hidden = bool((marks != "").any())
    if shown.empty:
        return "No band has enough participants to show."
    if len(shown) == 1 or hidden:
        told = "; ".join(
            f"{row.band}: {row.mean_change:+.1f} points (n = {int(row.n_pairs)})"
            for row in shown.itertuples()
        )
        rest = f"; bands of fewer than {suppression.MIN_CELL} are not shown" if hidden else ""
        return f"Mean change by starting point, {told}{rest}."
    top = shown.loc[shown["mean_change"].idxmax()]
    if (shown["mean_change"] == top["mean_change"]).sum() > 1:
        return f"The mean change was {top['mean_change']:+.1f} points in more than one band."
    return (
        f"The largest mean change was among those starting {top['band']}: "
        f"{top['mean_change']:+.1f} points (n = {int(top['n_pairs'])})."
    )


def _likert_takeaway(agree: pd.DataFrame, withheld: Sequence[str]) -> str:
    pct = agree["pct_agree"].dropna()
    if pct.empty:
        text = "No statement can be shown"
    elif len(pct) == 1:
        text = f"{pct.iloc[0]:.0f}% agree with the statement shown"
    elif pct.min() == pct.max():
        text = f"{pct.min():.0f}% agree with each of the {len(pct)} statements shown"
    else:
        text = f"Between {pct.min():.0f}% and {pct.max():.0f}% agree with the {len(pct)} statements"
    if withheld:
        text += (
            f"; {len(withheld)} more not shown, where fewer than {suppression.MIN_CELL} people "
            "answered differently from the rest, so this is not the whole picture"
        )
    return text + "."


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _count(n: int, board: bool) -> str:
    """A count as the reader may see it."""
    return suppression.SMALL if board and suppression.too_few(n) else str(n)


def _day(value: object) -> str:
    day = pd.Timestamp(value)
    return f"{day.day} {day:%b %Y}"


SOURCE_NAMES = {
    "baseline": "System baseline survey",
    "pilot": "Pilot surveys",
    "plan": "Rollout plan",
    "plan_edits": "edited in the app",
}


def _source_text(
    con: duckdb.DuckDBPyConnection, kinds: Sequence[str], cohort_id: int | None = None
) -> str:
    """'System baseline survey: 3 files, latest uploaded 4 Mar 2026 (Google Forms)'; ..."""
    rows = queries.read(con, "data_sources", cohort_id=cohort_id).set_index("source")
    parts = []
    for kind in kinds:
        if kind not in rows.index:
            continue
        row = rows.loc[kind]
        when = _day(row["latest_at"])
        if kind == "plan_edits":
            parts.append(f"last edited in the app {when}")
            continue
        files = f"{int(row['n_files'])} file{'s' if int(row['n_files']) != 1 else ''}"
        tool = TOOL_NAMES.get(row["latest_format"], str(row["latest_format"]))
        parts.append(f"{SOURCE_NAMES[kind]}: {files}, latest uploaded {when} ({tool})")
    return "; ".join(parts) or "no data loaded yet"
