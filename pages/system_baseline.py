"""System baseline: the practitioner survey, question by question, for the filters in force."""

import streamlit as st

from chatr import baseline, charts, suppression, ui

ui.require("view_aggregates")
filters = ui.current_filters()

answered = ui.cached(baseline.answered, filters)
summary = ui.cached(baseline.practice_use_summary, filters)

st.title("System baseline survey")
st.caption(f"Practitioners across the system, before training · {filters.describe()}")

if answered.respondents == 0:
    st.info("No respondents match these filters. Clear a filter in the sidebar to see more.")
    st.stop()
if suppression.too_few(answered.respondents) and not ui.sees_small_numbers():
    st.info(
        f"Fewer than {suppression.MIN_CELL} respondents match these filters, so their answers "
        "are not shown, to protect their identity. Widen the filters to see more."
    )
    st.stop()
ui.suppression_notice()

tiles = st.columns(5)
tiles[0].metric("Respondents", answered.respondents)
tiles[1].metric("Answered: life stages", answered.life_stages)
tiles[2].metric("Answered: organisation", answered.organisation)
tiles[3].metric("Answered: 0-10 use", answered.practice_use_score)
tiles[4].metric("Answered: interest", answered.interest)

SCORES = {"value_columns": ("mean_score", "median_score")}
left, right = st.columns(2)
with left:
    stages = ui.protect(ui.cached(baseline.life_stages, filters))
    ui.chart(charts.life_stage_bars(stages, answered.life_stages, filters))
with right:
    organisations = ui.protect(ui.cached(baseline.organisations, filters))
    ui.chart(
        charts.share_bars(
            organisations,
            "organisation",
            "What type of organisation do respondents work for?",
            answered.organisation,
            filters,
            note='"Other" groups the types respondents typed in',
        )
    )
    others = ui.cached(baseline.other_organisations, filters)
    n_others = int(others.n_respondents.sum())
    if n_others and (ui.sees_small_numbers() or not suppression.too_few(n_others)):
        with st.expander(f'What "Other" respondents typed ({n_others})'):
            st.dataframe(
                ui.protect(others, value_columns=()).rename(
                    columns={"other_text": "Organisation as typed", "n_respondents": "n"}
                ),
                hide_index=True,
                width="stretch",
            )

left, right = st.columns(2)
with left:
    distribution = ui.protect(
        ui.cached(baseline.practice_use_distribution, filters), value_columns=()
    )
    ui.chart(
        charts.practice_use_histogram(
            distribution, summary.n, summary.mean, summary.median, filters
        )
    )
with right:
    interest = ui.protect(ui.cached(baseline.interest, filters))
    ui.chart(charts.interest_bars(interest, answered.interest, filters))

left, right = st.columns(2)
by_stage = ui.cached(baseline.use_by_life_stage, filters)
by_organisation = ui.cached(baseline.use_by_organisation, filters)
with left:
    ui.chart(
        charts.mean_by_group(
            ui.protect(by_stage, **SCORES),
            "life_stage",
            "Use of trauma-informed practice by life stage",
            int(by_stage["n_answered"].iloc[0]),
            filters,
            colours=charts.LIFE_STAGE_COLOURS,
        )
    )
with right:
    ui.chart(
        charts.mean_by_group(
            ui.protect(by_organisation, **SCORES),
            "organisation",
            "Use of trauma-informed practice by organisation type",
            int(by_organisation["n_respondents"].sum()),
            filters,
        )
    )
