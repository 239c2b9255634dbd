"""The Rollout timeline's edit forms (leads and admins): add, move or cancel a cohort, add a
comms event. Each change goes through chatr.rollout, which refuses what breaks a rule."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from chatr import plan_edits, rollout
from chatr.reference import LIFE_STAGES
from chatr.ui import cache, widgets

EARLIEST = date(2018, 1, 1)


def cohort_choice(label: str, choices: pd.DataFrame, key: str) -> pd.Series | None:
    """A selectbox of cohorts (rows of `choices`); the chosen row, or None if there are none."""
    if choices.empty:
        st.caption("No cohort to choose.")
        return None
    labels = dict(zip(choices["cohort_id"], choices["cohort_label"], strict=True))
    chosen = st.selectbox(label, list(labels), format_func=labels.get, key=key)
    return choices.set_index("cohort_id").loc[chosen]


def add_cohort(username: str, today: date) -> None:
    """Add a cohort to the plan."""
    stage = st.selectbox("Life stage", LIFE_STAGES, key="add_stage")
    start, end = rollout.default_dates(today)
    left, right = st.columns(2)
    number = left.number_input(
        "Cohort number",
        min_value=1,
        value=cache.cached(rollout.next_cohort_number, stage),
        key=f"add_number_{stage}",  # the next free number of the chosen stage
    )
    places = right.number_input("Places", min_value=1, max_value=rollout.MAX_PLACES, value=11)
    first = left.date_input("Start date", start, EARLIEST, key="add_start")
    last = right.date_input("End date", end, EARLIEST, key="add_end")
    where = st.text_input("Location", "Online (Zoom)", key="add_location")
    if st.button("Add cohort", type="primary"):
        try:
            plan_edits.add_cohort(cache.connection(), username, stage, int(number), first, last,
                               int(places), where)  # fmt: skip
            widgets.flash(f"Added {stage} #{int(number)}: {first:%d %b %Y} – {last:%d %b %Y}.")
        except plan_edits.PlanRefused as error:
            widgets.refusal(error.problems)


def move_cohort(username: str, everyone: pd.DataFrame) -> None:
    """New dates, places or location for a cohort that can be moved."""
    chosen = cohort_choice("Cohort to move", plan_edits.movable(everyone), "move_cohort")
    if chosen is None:
        return
    key = f"move_{chosen.name}"  # fresh fields (the cohort's own values) per cohort
    left, right = st.columns(2)
    first = left.date_input("New start date", chosen.start_date, EARLIEST, key=key + "_start")
    last = right.date_input("New end date", chosen.end_date, EARLIEST, key=key + "_end")
    places = left.number_input(
        "Places", 1, rollout.MAX_PLACES, int(chosen.places), key=key + "_places"
    )
    where = right.text_input("Location", chosen.location or "", key=key + "_location")
    if st.button("Save the new dates", type="primary"):
        try:
            con = cache.connection()
            plan_edits.move_cohort(con, username, int(chosen.name), first, last, int(places), where)
            widgets.flash(f"Moved {chosen.cohort_label} to {first:%d %b %Y} – {last:%d %b %Y}.")
        except plan_edits.PlanRefused as error:
            widgets.refusal(error.problems)


def cancel_cohort(username: str, everyone: pd.DataFrame) -> None:
    """Cancel a cohort that can be cancelled, with a reason kept in the history."""
    chosen = cohort_choice("Cohort to cancel", plan_edits.cancellable(everyone), "cancel_cohort")
    if chosen is None:
        return
    reason = st.text_input("Reason (kept in the history)", key="cancel_reason")
    sure = st.checkbox(f"Yes, cancel {chosen.cohort_label}", key=f"cancel_sure_{chosen.name}")
    if st.button("Cancel the cohort", disabled=not sure):
        try:
            plan_edits.cancel_cohort(cache.connection(), username, int(chosen.name), reason)
            widgets.flash(f"Cancelled {chosen.cohort_label}.")
        except plan_edits.PlanRefused as error:
            widgets.refusal(error.problems)


def add_comms_event(username: str, today: date) -> None:
    """A communications event (Show & Tell, newsletter, service-lead meeting) on the plan."""
    left, right = st.columns(2)
    when = left.date_input("Date", today + timedelta(days=14), EARLIEST, key="event_date")
    kind = right.selectbox(
        "Kind", list(rollout.COMMS_KINDS), format_func=rollout.COMMS_KINDS.get, key="event_kind"
    )
    title = st.text_input("Title", rollout.COMMS_KINDS[kind], key=f"event_title_{kind}")
    if st.button("Add event", type="primary"):
        try:
            plan_edits.add_comms_event(cache.connection(), username, when, kind, title)
            widgets.flash(f"Added {title} on {when:%d %b %Y}.")
        except plan_edits.PlanRefused as error:
            widgets.refusal(error.problems)
