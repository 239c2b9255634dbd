"""Overview: where the rollout is and whether the training is working, at a glance."""

from datetime import date

import streamlit as st

from chatr import disclosure, overview, pilot, rollout
from chatr.charts import pilot as pilot_charts
from chatr.charts import timeline as timeline_charts
from chatr.ui import cache, session, sidebar, widgets

session.require("view_aggregates")
filters = sidebar.current_filters()
today = date.today()
head = cache.cached(overview.headline, filters, today)

st.title("ChATR programme overview")
st.caption(f"Workforce training across the life stages · {filters.describe()}")

board = not widgets.sees_small_numbers()
withheld = cache.cached(disclosure.baseline_withheld, filters) if board else None
first = cache.cached(disclosure.first_wave_withheld, filters) if board else None
columns = [*st.columns(3), *st.columns(3)]
for column, tile in zip(columns, overview.tiles(head, board, withheld, first), strict=True):
    column.metric(tile.label, tile.value, help=tile.explained)

cohorts = disclosure.plan_people(cache.cached(rollout.timeline, today, filters.life_stages), board)
events = cache.cached(rollout.comms_events)
strip = timeline_charts.rollout_gantt(cohorts, events, today, filters)
widgets.chart(
    strip.update_layout(height=min(strip.layout.height or 420, 420)), key="overview_strip"
)

latest = cache.cached(pilot.evaluated_cohorts, filters)
if latest.empty:
    st.info("No cohort in these filters has before/after data yet.")
else:
    cohort = latest.iloc[0]
    scores = cache.cached(pilot.scores, int(cohort.cohort_id), filters)
    st.subheader(f"Latest evaluated cohort: {cohort.cohort_label}")
    withheld = cache.cached(disclosure.cohort_view_withheld, int(cohort.cohort_id), filters, board)
    if withheld:
        st.info(withheld)
    else:
        draw = pilot_charts.before_after_spread if board else pilot_charts.before_after
        figure = draw(scores, cohort.cohort_label, cohort.life_stage, filters)
        widgets.chart(figure, key="overview_latest")
