"""System baseline: the practitioner survey, question by question, for the filters in force."""

import streamlit as st

from chatr import baseline, disclosure, waves
from chatr.board import slides
from chatr.ui import cache, session, sidebar, waves_view, widgets

session.require("view_aggregates")
filters = sidebar.current_filters()
board = not widgets.sees_small_numbers()


st.title("System baseline survey")
caption = st.empty()

survey_waves = cache.cached(waves.listed)
labels = dict(zip(survey_waves.wave_id.astype(int), survey_waves.label, strict=True))
wave_id = max(labels, key=list(labels).index) if labels else None  # the latest by default
if len(labels) > 1:  # one wave: the page looks as it did before there were waves
    wave_id = st.selectbox(
        "Survey wave", list(labels), index=len(labels) - 1, format_func=labels.get
    )
later = cache.cached(waves.later_label, wave_id)
when = f"a later survey, {later}" if later else "before training"
caption.caption(f"Practitioners across the system, {when} · {filters.describe()}")
answered = cache.cached(baseline.answered, filters, wave_id)

if answered.respondents == 0:
    st.info("No respondents match these filters. Clear a filter in the sidebar to see more.")
    st.stop()
withheld = cache.cached(disclosure.baseline_withheld, filters, wave_id) if board else None
if withheld:
    st.info(withheld)
    st.stop()
widgets.suppression_notice()

tiles = st.columns(5)
respondents = answered.respondents
if board:  # a total beside each question's n would give a small non-response away
    respondents = disclosure.respondents_shown(respondents, answered.per_question()) or "–"
tiles[0].metric("Respondents", respondents)
tiles[1].metric("Answered: life stages", answered.life_stages)
tiles[2].metric("Answered: organisation", answered.organisation)
tiles[3].metric("Answered: 0-10 use", answered.practice_use_score)
tiles[4].metric("Answered: interest", answered.interest)


def _other_organisations() -> None:
    others = cache.cached(baseline.other_organisations, filters, wave_id)
    shown = disclosure.free_texts(others, "n_respondents", board)
    if len(shown):
        with st.expander(f'What "Other" respondents typed ({int(shown.n_respondents.sum())})'):
            st.dataframe(
                shown.rename(columns={"other_text": "Organisation as typed", "n_respondents": "n"}),
                hide_index=True,
                width="stretch",
            )


# The same figures as the board deck's baseline slides, built (and cached) in one place; each
# chart under its finding in words (the slide's takeaway).
found = cache.cached_figures(slides.baseline_slides, filters, board, wave_id)
left, right = st.columns(2)
with left:
    widgets.slide_chart(found.life_stages)
with right:
    widgets.slide_chart(found.organisations)
    _other_organisations()
for pair in (
    (found.practice_use, found.interest),
    (found.use_by_life_stage, found.use_by_organisation),
):
    for column, slide in zip(st.columns(2), pair, strict=True):
        with column:
            widgets.slide_chart(slide)

# Two or more waves: how the answers changed (chatr.ui.waves_view; nothing with one wave).
waves_view.change_section(filters, board, labels)
