"""Streamlit view of one cohort's evaluation, shared by the single and the compare views."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from chatr import disclosure, pilot, stats, suppression
from chatr.board import takeaways
from chatr.charts import pilot as pilot_charts
from chatr.filters import Filters
from chatr.ui import cache, widgets

FEEDBACK_HEADINGS = {
    "quote": "What participants said",
    "went_well": "Retrospective: what went well",
    "improve": "What could be improved",
    "hope": "What participants hoped to gain (before)",
}


def cohort_results(cohort: pd.Series, filters: Filters, slot: int = 0) -> None:
    """Everything the page shows about one cohort (slot: its column in the compare view)."""
    compact = slot > 0 or st.session_state.get("pilot_compare", False)
    cohort_id = int(cohort["cohort_id"])
    scores = cache.cached(pilot.scores, cohort_id, filters)
    matched = scores[scores["is_matched"]]
    result = stats.paired(matched["score_before"], matched["score_after"])
    before = pilot.Spread.of(scores["score_before"])
    after = pilot.Spread.of(scores["score_after"])

    st.subheader(cohort["cohort_label"])
    start, end = pd.Timestamp(cohort["start_date"]), pd.Timestamp(cohort["end_date"])
    location = cohort["location"] if isinstance(cohort["location"], str) else "location not set"
    st.caption(f"{start:%d %b %Y} – {end:%d %b %Y} · {location}")
    board = not widgets.sees_small_numbers()
    withheld = cache.cached(disclosure.cohort_view_withheld, cohort_id, filters, board)
    if withheld and board:
        st.info(withheld)
        return
    tiles = st.columns(4)
    tiles[0].metric("Matched pairs", result.n_pairs, help="participants with both surveys")
    tiles[1].metric(f"Median before ({_range_text(before, board)})", _median_text(before))
    tiles[2].metric(f"Median after ({_range_text(after, board)})", _median_text(after))
    tiles[3].metric(
        "Mean change", "–" if result.mean_change is None else f"{result.mean_change:+.1f}"
    )
    if result.n_pairs == 0:
        st.info("No participant has both a before and an after survey for these filters.")
        return
    levels = cache.cached(pilot.likert_levels, cohort_id, filters)
    label, stage = cohort["cohort_label"], cohort["life_stage"]
    followup_withheld = cache.cached(disclosure.followup_view_withheld, cohort_id, filters, board)
    figures = pilot_charts.cohort_figures(
        scores, levels, label, stage, filters, board, followup_shown=not followup_withheld
    )
    widgets.chart(figures.before_after, key=f"before_after_{slot}")
    widgets.chart(figures.bands, key=f"bands_{slot}")
    st.markdown(_paired_sentence(result, board))
    if result.is_small:
        st.warning(
            f"Only {result.n_pairs} matched pair{'s' if result.n_pairs != 1 else ''}: with fewer "
            f"than {stats.SMALL_SAMPLE}, one "
            "person more or less can change the picture, so read these numbers as indicative."
        )
    if figures.likert is not None:
        widgets.chart(figures.likert, key=f"likert_{slot}")
    if figures.withheld:
        st.caption(
            f"Not shown, because fewer than {suppression.MIN_CELL} people gave one of the "
            "answers: " + "; ".join(f"“{text}”" for text in figures.withheld)
        )
    if pilot.has_followup(scores):
        _lasting(scores, figures, followup_withheld, board, slot)
    widgets.suppression_notice()
    _feedback(cache.cached(pilot.feedback, cohort_id), compact)


def _lasting(
    scores: pd.DataFrame,
    figures: pilot_charts.CohortFigures,
    withheld: str | None,
    board: bool,
    slot: int,
) -> None:
    """Does the change last? The months-later follow-up against before (people with both)."""
    st.markdown("#### Does the change last?")
    if withheld:
        st.info(withheld)
        return
    result = pilot.sustained(scores)
    later = pilot.Spread.of(scores["score_followup"])
    tiles = st.columns(3)
    tiles[0].metric(f"Median months later ({_range_text(later, board)})", _median_text(later))
    tiles[1].metric(
        "Sustained change",
        "–" if result.mean_change is None else f"{result.mean_change:+.1f}",
        help="mean of follow-up minus before, over the participants with both surveys",
    )
    tiles[2].metric("With before and follow-up", result.n_pairs)
    st.markdown(takeaways.sustained(result, scores))
    if figures.lasting is not None:
        widgets.chart(figures.lasting, key=f"lasting_{slot}")


def _median_text(spread: pilot.Spread) -> str:
    return "–" if spread.n == 0 else f"{spread.median:g}"


def _range_text(spread: pilot.Spread, board: bool) -> str:
    if spread.n == 0:
        return "no answers"
    if not disclosure.shows_spread(spread.n, board):
        return f"n = {spread.n}"
    return f"range {spread.min}–{spread.max}"


def _paired_sentence(result: stats.PairedResult, board: bool) -> str:
    split = pilot.shown_split(result, board)
    if split is None:
        parts = [
            f"**{result.n_pairs}** matched pairs (how many rated higher, the same or lower is not "
            f"shown: one of those groups is under {suppression.MIN_CELL})"
        ]
    else:
        parts = [f"**{split[0]} of {result.n_pairs}** rated their practice higher afterwards"]
        if split[2]:
            parts.append(f"{split[2]} lower")
    if result.wilcoxon_p is not None:
        parts.append(f"Wilcoxon signed-rank test p = {result.wilcoxon_p:.3g}")
    if result.rank_biserial is not None:
        parts.append(f"effect size (matched-pairs rank-biserial) r = {result.rank_biserial:.2f}")
    return "; ".join(parts) + "."


def _feedback(feedback: pd.DataFrame, compact: bool) -> None:
    for kind, heading in FEEDBACK_HEADINGS.items():
        texts = feedback.loc[feedback["kind"] == kind, "feedback_text"]
        if texts.empty:
            continue
        with st.expander(f"{heading} ({len(texts)})", expanded=not compact and kind != "hope"):
            for text in texts:
                # Plain text, never Markdown: a respondent's `![x](http://...)` or `[link](...)`
                # would otherwise fetch an image from their server or show a link to it.
                st.text(text)
