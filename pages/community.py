"""Community and sessions: the Community of Practice on Slack and the Show & Tells and webinars,
for every role. A board member sees counts (small groups withheld) and the quotes a lead picked,
never a name, an e-mail or any other message; a lead also picks the quotes."""

import streamlit as st

from chatr import auth, community_quotes
from chatr.board import community_slides
from chatr.ui import cache, community_view, session, sidebar, widgets

user = session.require("view_aggregates")
filters = sidebar.current_filters()
board = not widgets.sees_small_numbers()
page = cache.cached_figures(community_slides.community_page, filters, board)

st.title("Community and sessions")
st.caption(
    "The Community of Practice on Slack, and the Show & Tells and webinars · "
    "Slack and meeting reports hold no life stage or organisation: the filters apply to "
    "cohorts and survey answers only"
)
widgets.show_flash()
if page.is_empty:
    community_view.nothing_loaded(auth.can(user.role, "upload"))
    st.stop()
widgets.suppression_notice()

st.header("Community of Practice")
if page.activity is None:
    st.info("No Slack workspace export has been loaded yet.")
else:
    community_view.tiles(page.slack_tiles)
    widgets.slide_chart(page.activity, key="community_activity")
    for column, figure in zip(st.columns(2), (page.threads, page.links), strict=True):
        with column:
            widgets.chart(figure)
    widgets.slide_chart(page.retention, key="community_retention")
    can_pick = auth.can(user.role, "see_personal_data")
    community_view.board_quotes(cache.cached(community_quotes.for_board), can_pick)
    if can_pick:  # the picker shows every message with its author
        community_view.quote_picker(user.username)

st.header("Show & Tells and webinars")
if page.sessions is None:
    st.info("No Show & Tell or webinar attendance report has been loaded yet.")
else:
    community_view.tiles(page.session_tiles)
    widgets.slide_chart(page.sessions, key="community_sessions")
    for column, figure in zip(st.columns(2), (page.repeat, page.by_organisation), strict=True):
        with column:
            widgets.chart(figure)
    left, _ = st.columns(2)
    with left:
        widgets.chart(page.by_life_stage)
