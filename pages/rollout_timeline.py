"""Rollout timeline: cohorts per life stage, comms milestones and today; leads edit the plan."""

from datetime import date, timedelta

import streamlit as st

from chatr import auth, export, plan, timeline_charts, ui
from chatr.reference import LIFE_STAGES

FLASH_KEY = "plan_flash"
EARLIEST = date(2018, 1, 1)

user = ui.require("view_aggregates")
filters = ui.current_filters()
today = date.today()

cohorts = ui.cached(plan.timeline, today, filters.life_stages)
events = ui.cached(plan.comms_events)
status_counts = plan.status_counts(cohorts)
planned = plan.planned_in_order(cohorts)

st.title("Rollout timeline")
st.caption(f"The training plan, cohort by cohort · {filters.describe()}")
if FLASH_KEY in st.session_state:
    st.success(st.session_state.pop(FLASH_KEY))

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
ui.chart(timeline_charts.rollout_gantt(cohorts, events, today, filters, around_today))
can_edit = auth.can(user.role, "edit_plan")
if planned.empty:
    who = "Add the next cohorts below." if can_edit else "A programme lead can add them."
    st.info(f"No cohort is planned after today ({today:%d %b %Y}). {who}")

with st.expander(f"Cohorts in the plan ({len(cohorts)})", key="plan_table"):
    st.dataframe(plan.display_table(cohorts), hide_index=True, width="stretch")
    st.download_button(
        "Download the plan (CSV, loads back with `chatr load --kind cohorts`)",
        export.frame_csv(plan.plan_csv_rows(cohorts)),
        file_name=f"chatr-plan-{today:%Y-%m-%d}.csv",
        mime="text/csv",
        on_click="ignore",
    )

if not can_edit:
    st.stop()


def done(message: str) -> None:
    """Show the message after the rerun that redraws the chart with the change."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def refused(error: plan.PlanRefused) -> None:
    st.error(
        "Nothing was changed:\n"
        + "\n".join(f"- **{p.field}**: {p.message}" for p in error.problems)
    )


def cohort_choice(label: str, choices, key: str):
    """A selectbox of cohorts (rows of `choices`); the chosen row, or None if there are none."""
    if choices.empty:
        st.caption("No cohort to choose.")
        return None
    labels = dict(zip(choices["cohort_id"], choices["cohort_label"], strict=True))
    chosen = st.selectbox(label, list(labels), format_func=labels.get, key=key)
    return choices.set_index("cohort_id").loc[chosen]


st.header("Edit the plan")
# Keyed, so the open tab stays open when a message above it comes or goes.
add_tab, move_tab, cancel_tab, event_tab, history_tab = st.tabs(
    ["Add a cohort", "Move a cohort", "Cancel a cohort", "Add a comms event", "History"],
    key="plan_tabs",
)
everyone = ui.cached(plan.timeline, today, ())
live = everyone[everyone["status"] != "cancelled"]

with add_tab:
    stage = st.selectbox("Life stage", LIFE_STAGES, key="add_stage")
    start, end = plan.default_dates(today)
    left, right = st.columns(2)
    number = left.number_input(
        "Cohort number",
        min_value=1,
        value=ui.cached(plan.next_cohort_number, stage),
        key=f"add_number_{stage}",  # the next free number of the chosen stage
    )
    places = right.number_input("Places", min_value=1, max_value=plan.MAX_PLACES, value=11)
    first = left.date_input("Start date", start, EARLIEST, key="add_start")
    last = right.date_input("End date", end, EARLIEST, key="add_end")
    where = st.text_input("Location", "Online (Zoom)", key="add_location")
    if st.button("Add cohort", type="primary"):
        try:
            plan.add_cohort(ui.connection(), user.username, stage, int(number), first, last,
                            int(places), where)  # fmt: skip
            done(f"Added {stage} #{int(number)}: {first:%d %b %Y} – {last:%d %b %Y}.")
        except plan.PlanRefused as error:
            refused(error)

with move_tab:
    chosen = cohort_choice("Cohort to move", live, "move_cohort")
    if chosen is not None:
        key = f"move_{chosen.name}"  # fresh fields (the cohort's own values) per cohort
        left, right = st.columns(2)
        first = left.date_input("New start date", chosen.start_date, EARLIEST, key=key + "_start")
        last = right.date_input("New end date", chosen.end_date, EARLIEST, key=key + "_end")
        places = left.number_input(
            "Places", 1, plan.MAX_PLACES, int(chosen.places), key=key + "_places"
        )
        where = right.text_input("Location", chosen.location or "", key=key + "_location")
        if st.button("Save the new dates", type="primary"):
            try:
                plan.move_cohort(ui.connection(), user.username, int(chosen.name), first, last,
                                 int(places), where)  # fmt: skip
                done(f"Moved {chosen.cohort_label} to {first:%d %b %Y} – {last:%d %b %Y}.")
            except plan.PlanRefused as error:
                refused(error)

with cancel_tab:
    cancellable = live[live["status"] != "evaluated"]
    chosen = cohort_choice("Cohort to cancel", cancellable, "cancel_cohort")
    if chosen is not None:
        reason = st.text_input("Reason (kept in the history)", key="cancel_reason")
        sure = st.checkbox(f"Yes, cancel {chosen.cohort_label}", key=f"cancel_sure_{chosen.name}")
        if st.button("Cancel the cohort", disabled=not sure):
            try:
                plan.cancel_cohort(ui.connection(), user.username, int(chosen.name), reason)
                done(f"Cancelled {chosen.cohort_label}.")
            except plan.PlanRefused as error:
                refused(error)

with event_tab:
    left, right = st.columns(2)
    when = left.date_input("Date", today + timedelta(days=14), EARLIEST, key="event_date")
    kind = right.selectbox(
        "Kind", list(plan.COMMS_KINDS), format_func=plan.COMMS_KINDS.get, key="event_kind"
    )
    title = st.text_input("Title", plan.COMMS_KINDS[kind], key=f"event_title_{kind}")
    if st.button("Add event", type="primary"):
        try:
            plan.add_comms_event(ui.connection(), user.username, when, kind, title)
            done(f"Added {title} on {when:%d %b %Y}.")
        except plan.PlanRefused as error:
            refused(error)

with history_tab:
    changes = ui.cached(plan.history, 200)
    if changes.empty:
        st.caption("No change has been made in the app yet (the plan came from uploads).")
    else:
        st.dataframe(
            changes.drop(columns=["change_id"]).rename(
                columns={
                    "changed_at": "When",
                    "changed_by": "Who",
                    "action": "Change",
                    "subject": "Cohort or event",
                    "detail": "Detail",
                }
            ),
            hide_index=True,
            width="stretch",
        )
