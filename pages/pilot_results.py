"""Pilot results: one cohort's evaluation (before/after, who gained most, paired statistics,
how participants rated it, what they said), or two cohorts side by side."""

import streamlit as st

from chatr import pilot
from chatr.ui import cache, pilot_view, session, sidebar

session.require("view_aggregates")
filters = sidebar.current_filters()

st.title("Pilot results")
cohorts = cache.cached(pilot.evaluated_cohorts, filters)
if cohorts.empty:
    st.info(
        "No cohort in the chosen life stages has evaluation data yet. Clear the life-stage "
        "filter, or upload a cohort's before/after surveys on the Upload page."
    )
    st.stop()

labels = list(cohorts["cohort_label"])
compare = st.toggle(
    "Compare two cohorts side by side",
    key="pilot_compare",
    disabled=len(labels) < 2,
    help="Needs two cohorts with evaluation data.",
)
if not compare:
    chosen = [st.selectbox("Cohort (latest first)", labels, key="pilot_cohort")]
else:
    left, right = st.columns(2)
    chosen = [
        left.selectbox("First cohort", labels, key="pilot_cohort"),
        right.selectbox(
            "Second cohort", labels, index=min(1, len(labels) - 1), key="pilot_cohort_2"
        ),
    ]
organisations = ", ".join(filters.organisations) or "all organisations"
st.caption(f"Participants from: {organisations}")

if len(set(chosen)) < len(chosen):
    st.info("Choose two different cohorts to compare.")
    st.stop()
columns = st.columns(len(chosen))
for slot, (column, label) in enumerate(zip(columns, chosen, strict=True)):
    cohort = cohorts[cohorts["cohort_label"] == label].iloc[0]
    with column:
        pilot_view.cohort_results(cohort, filters, slot)
