"""Presentation mode: one chart per screen in large type for a board meeting, with previous
and next (the arrow keys too), and the same slides as a deck or PDF report to download."""

from datetime import date
from html import escape

import streamlit as st

from chatr import suppression
from chatr.board import report, slides
from chatr.ui import cache, session, sidebar, widgets

INDEX_KEY = "present_index"
FILES_KEY = "present_files"
PRESENTING_KEY = "presenting"

session.require("view_aggregates")
filters = sidebar.current_filters()
# Leads and admins choose; what they make for the board papers is the board version by default.
board = not widgets.sees_small_numbers() or st.toggle(
    f"Board version (counts under {suppression.MIN_CELL} hidden)",
    value=True,
    key="present_board",
    help="Off: every number, as you see it on the other pages. Not for the board papers.",
)
today = date.today()
with st.spinner("Preparing the slides…"):
    deck = cache.cached_figures(slides.deck, filters, board, today)
presenting = st.session_state.get(PRESENTING_KEY, False)
widgets.presentation_style(full_screen=presenting)

total = len(deck.slides)


def step(by: int) -> None:
    st.session_state[INDEX_KEY] = st.session_state.get(INDEX_KEY, 0) + by


def present(on: bool) -> None:
    st.session_state[PRESENTING_KEY] = on


# Buttons move the slide in callbacks, so both are drawn knowing the slide now shown.
index = min(max(st.session_state.get(INDEX_KEY, 0), 0), total - 1)
st.session_state[INDEX_KEY] = index
back, position, forward, mode, files = st.columns(
    [1.4, 1.2, 1.2, 2, 2.6], vertical_alignment="center"
)
back.button(
    "Previous",
    icon=":material/arrow_back:",
    shortcut="Left",
    disabled=index == 0,
    on_click=step,
    args=(-1,),
)
forward.button(
    "Next",
    icon=":material/arrow_forward:",
    shortcut="Right",
    disabled=index == total - 1,
    on_click=step,
    args=(1,),
)
# A presenter's clicker sends PageDown and PageUp: the same moves, bound to two buttons that
# widgets.presentation_style keeps off screen (the visible pair already has the arrow keys).
for column, label, key, by, at_end in (
    (back, "Previous slide", "Pageup", -1, index == 0),
    (forward, "Next slide", "Pagedown", 1, index == total - 1),
):
    with column:
        st.button(
            label,
            key=f"present_{key.lower()}",
            shortcut=key,
            disabled=at_end,
            on_click=step,
            args=(by,),
        )
position.markdown(f"**Slide {index + 1} of {total}**")
mode.button(
    "Exit full screen" if presenting else "Present full screen",
    icon=":material/fullscreen_exit:" if presenting else ":material/fullscreen:",
    type="secondary" if presenting else "primary",
    shortcut="Escape" if presenting else None,
    on_click=present,
    args=(not presenting,),
    help=None
    if presenting
    else "Hides the sidebar; Esc brings it back. Set the filters first: every slide uses them.",
)

slide = deck.slides[index]
# Escaped: titles and takeaways hold names from uploaded data (cohorts, organisations).
st.markdown(f"<p class='present-section'>{escape(slide.title)}</p>", unsafe_allow_html=True)
st.markdown(f"<p class='present-takeaway'>{escape(slide.takeaway)}</p>", unsafe_allow_html=True)
widgets.chart(slide.figure, key="present_chart")
st.caption(f"{slide.n_text} · {slide.filters} · {slide.source}")
if board:
    st.caption(slides.BOARD_AUDIENCE)

with files.popover("Download the deck or report", icon=":material/download:"):
    st.caption(f"{total} slides with these filters: {deck.filters}. {deck.audience}.")
    made = st.session_state.setdefault(FILES_KEY, {})
    version = (filters, board, cache.data_version(), today)
    for fmt, label in (("pptx", "PowerPoint deck"), ("pdf", "PDF report")):
        name = f"chatr-board-report-{today:%Y-%m-%d}.{fmt}"
        stale = made.get(fmt, (None,))[0] != version
        if stale and st.button(f"Make the {label}", key=f"make_{fmt}"):
            bar = st.progress(0.0, text=f"Drawing {total} charts…")
            made[fmt] = (version, widgets.render_report(deck, fmt, bar))
            bar.empty()
        if made.get(fmt, (None,))[0] == version:
            st.download_button(
                f"Download the {label}",
                made[fmt][1],
                file_name=name,
                mime=report.MIME[fmt],
                key=f"download_{fmt}",
                on_click="ignore",
                icon=":material/download:",
            )
