"""Rollout timeline: cohorts per life stage, comms milestones and today; leads edit the plan."""

from datetime import date

import streamlit as st

from chatr import auth, community, disclosure, export, rollout
from chatr.charts import timeline as timeline_charts
from chatr.ui import cache, plan_forms, session, sidebar, widgets

user = session.require("view_aggregates")
filters = sidebar.current_filters()
today = date.today()

board = not widgets.sees_small_numbers()
cohorts = disclosure.plan_people(cache.cached(rollout.timeline, today, filters.life_stages), board)
events = cache.cached(rollout.comms_events)
held = cache.cached(community.events)  # the sessions held, from the attendance reports
status_counts = rollout.status_counts(cohorts)
planned = rollout.planned_in_order(cohorts)

st.title("Rollout timeline")
st.caption(f"The training plan, cohort by cohort · {filters.describe()}")
widgets.show_flash()

tiles = st.columns(5)
for tile, status in zip(tiles, ("evaluated", "done", "running", "planned"), strict=False):
    tile.metric(f"Cohorts {status}", status_counts[status])
tiles[4].metric(
    "Next cohort starts", f"{planned.iloc[0].start_date:%d %b %Y}" if len(planned) else "none"
)

period = st.segmented_control(
    "Period", ["Whole plan", "Around today"], default="Whole plan", key="plan_period"
)
around_today = period == "Around today"
# A session's attendees are in its hover for leads and admins only.
gantt = timeline_charts.rollout_gantt(
    cohorts, events, today, filters, around_today, sessions=held, session_counts=not board
)
widgets.chart(gantt)
can_edit = auth.can(user.role, "edit_plan")
if planned.empty:
    who = "Add the next cohorts below." if can_edit else "A programme lead can add them."
    st.info(f"No cohort is planned after today ({today:%d %b %Y}). {who}")

with st.expander(f"Cohorts in the plan ({len(cohorts)})", key="plan_table"):
    st.dataframe(rollout.display_table(cohorts), hide_index=True, width="stretch")
    st.download_button(
        "Download the plan (CSV, loads back with `chatr load --kind cohorts`)",
        export.frame_csv(rollout.plan_csv_rows(cohorts)),
        file_name=f"chatr-plan-{today:%Y-%m-%d}.csv",
        mime="text/csv",
        on_click="ignore",
    )

if not can_edit:
    st.stop()


st.header("Edit the plan")
# Keyed, so the open tab stays open when a message above it comes or goes.
add_tab, move_tab, cancel_tab, event_tab, history_tab = st.tabs(
    ["Add a cohort", "Move a cohort", "Cancel a cohort", "Add a comms event", "History"],
    key="plan_tabs",
)
everyone = cache.cached(rollout.timeline, today, ())
with add_tab:
    plan_forms.add_cohort(user.username, today)
with move_tab:
    plan_forms.move_cohort(user.username, everyone)
with cancel_tab:
    plan_forms.cancel_cohort(user.username, everyone)
with event_tab:
    plan_forms.add_comms_event(user.username, today)
with history_tab:
    changes = cache.cached(rollout.history, 200)
    if changes.empty:
        st.caption("No change has been made in the app yet (the plan came from uploads).")
    else:
        st.dataframe(rollout.history_table(changes), hide_index=True, width="stretch")
