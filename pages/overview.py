"""Overview: where the rollout is and whether the training is working, at a glance."""

from datetime import date

import streamlit as st

from chatr import overview, pilot, pilot_charts, plan, suppression, timeline_charts, ui

ui.require("view_aggregates")
filters = ui.current_filters()
today = date.today()
head = ui.cached(overview.headline, filters, today)

st.title("ChATR programme overview")
st.caption(f"Workforce training across the life stages · {filters.describe()}")

tiles = [*st.columns(3), *st.columns(3)]
tiles[0].metric(
    "Trained (evaluated cohorts)",
    head.n_trained,
    help="Participants of cohorts whose before/after surveys are loaded.",
)
tiles[1].metric(
    "Cohorts done", head.cohorts_done, help="Including those whose evaluation is loaded."
)
tiles[2].metric("Cohorts running / planned", f"{head.cohorts_running} / {head.cohorts_planned}")
value, explained = overview.confidence_tile(head, board=not ui.sees_small_numbers())
tiles[3].metric("More confident after training", value, help=explained)
tiles[4].metric(
    "Baseline use of the approach",
    "–" if head.baseline_mean_use is None else f"{head.baseline_mean_use:.1f} / 10",
    help=f"Mean 0-10 in the system baseline survey; n = {head.n_baseline_use}.",
)
tiles[5].metric(
    "Interested in training",
    head.n_interested,
    help=f"Answered Yes or Maybe; n = {head.n_interest_answered} answered.",
)

cohorts = ui.cached(plan.timeline, today, filters.life_stages)
events = ui.cached(plan.comms_events)
strip = timeline_charts.rollout_gantt(cohorts, events, today, filters)
ui.chart(strip.update_layout(height=min(strip.layout.height or 420, 420)), key="overview_strip")

latest = ui.cached(pilot.evaluated_cohorts, filters)
if latest.empty:
    st.info("No cohort in these filters has before/after data yet.")
else:
    cohort = latest.iloc[0]
    scores = ui.cached(pilot.scores, int(cohort.cohort_id), filters)
    st.subheader(f"Latest evaluated cohort: {cohort.cohort_label}")
    if ui.sees_small_numbers():
        figure = pilot_charts.before_after(scores, cohort.cohort_label, cohort.life_stage, filters)
        ui.chart(figure, key="overview_latest")
    elif suppression.too_few(len(scores)):
        st.info(f"Fewer than {suppression.MIN_CELL} of its participants match these filters.")
    else:
        figure = pilot_charts.before_after_spread(
            scores, cohort.cohort_label, cohort.life_stage, filters
        )
        ui.chart(figure, key="overview_latest")
