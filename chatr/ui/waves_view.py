"""The System baseline page's "Change between waves" section (two or more survey waves only)."""

from __future__ import annotations

import streamlit as st

from chatr import disclosure, waves
from chatr.board import wave_slides
from chatr.filters import Filters
from chatr.ui import cache, widgets


def change_section(filters: Filters, board: bool, labels: dict[int, str]) -> None:
    """Two waves chosen (default: the first and the latest), each question side by side, the
    change with its confidence interval, the same people's change and the trained against the
    others; nothing at all with one wave."""
    if len(labels) < 2:
        return
    ids = list(labels)  # earliest first
    st.header("Change between waves")
    left, right = st.columns(2)
    chosen = (
        left.selectbox("From wave", ids, index=0, format_func=labels.get, key="wave_from"),
        right.selectbox("To wave", ids, index=len(ids) - 1, format_func=labels.get, key="wave_to"),
    )
    if chosen[0] == chosen[1]:
        st.info("Choose two different waves to compare.")
        return
    earlier, later = sorted(chosen, key=ids.index)
    reason = cache.cached(disclosure.waves_withheld, filters, earlier, later) if board else None
    if reason:
        st.info(reason)
        return
    found = cache.cached_figures(wave_slides.wave_slides, filters, board, earlier, later)
    if found is None:
        st.info("No respondents match these filters in one of the two waves.")
        return
    _unpaired(found.unpaired)
    for pair in (
        (found.life_stages, found.organisations),
        (found.practice_use, found.interest),
        (found.change_by_life_stage, found.change_by_organisation),
    ):
        for column, slide in zip(st.columns(2), pair, strict=True):
            with column:
                widgets.slide_chart(slide)
    st.subheader("Same people in both waves")
    _matched(found)
    widgets.slide_chart(found.trained)


def _unpaired(change: waves.UnpairedChange) -> None:
    tiles = st.columns(3)
    tiles[0].metric("Mean 0-10 use, earlier wave", _points(change.mean_earlier, "{:.1f}"))
    tiles[1].metric("Mean 0-10 use, later wave", _points(change.mean_later, "{:.1f}"))
    tiles[2].metric("Change in mean 0-10 use", _points(change.mean_change, "{:+.1f}"))
    if change.ci95:
        low, high = change.ci95
        st.caption(
            f"All respondents of each wave (not only the same people): 95% confidence interval "
            f"{low:+.1f} to {high:+.1f} points, Welch's t-test p = {change.p_value:.2g}."
        )


def _matched(found: wave_slides.WaveSlides) -> None:
    if found.matched is None:
        st.info(found.matched_reason)
        return
    tiles = st.columns(3)
    tiles[0].metric("Answered both waves", found.matched.n)
    tiles[1].metric("Their mean change", _points(found.matched.mean_change, "{:+.1f}"))
    p = found.matched.wilcoxon_p
    tiles[2].metric("Wilcoxon p", "–" if p is None else f"{p:.2g}")
    trained = found.trained_change
    if trained is None:
        st.info(found.trained_reason)
        return
    tiles = st.columns(3)
    tiles[0].metric("Trained: n", trained.trained.n)
    tiles[0].caption(f"mean change {_points(trained.trained.mean_change, '{:+.1f}')}")
    tiles[1].metric("Not trained: n", trained.untrained.n)
    tiles[1].caption(f"mean change {_points(trained.untrained.mean_change, '{:+.1f}')}")
    tiles[2].metric("Difference", _points(trained.difference, "{:+.1f}"))
    if trained.ci95:
        tiles[2].caption(f"95% CI {trained.ci95[0]:+.1f} to {trained.ci95[1]:+.1f}")
    st.markdown(widgets.escape_markdown(waves.trained_sentence(trained)))


def _points(value: float | None, form: str) -> str:
    return "–" if value is None else form.format(value)
