"""Interest lists: who wants training, demand against the next cohorts' places, and (for leads
and admins only) the people to invite, with their contact details and recruitment marks."""

import math
from datetime import date

import streamlit as st

from chatr import auth, disclosure, export, interest, plan_edits
from chatr.charts import interest as interest_charts
from chatr.ui import cache, session, sidebar, widgets

CLEAR = "interested"

user = session.require("view_aggregates")
filters = sidebar.current_filters()
today = date.today()

st.title("Interest in training")
survey = cache.cached(interest.survey_named)
st.caption(
    " · ".join(
        part
        for part in (
            "Respondents who would join a development programme",
            survey,
            filters.describe(),
        )
        if part
    )
)
widgets.show_flash()

answers = tuple(
    st.multiselect("Answered", interest.ANSWERS, default=interest.ANSWERS, key="interest_answers")
)
if not answers:
    st.info("Choose Yes, Maybe or both to see who is interested.")
    st.stop()

counts = cache.cached(interest.summary, filters, answers)
board = not widgets.sees_small_numbers()
withheld = board and cache.cached(disclosure.interest_withheld, filters, answers, interest.ANSWERS)
if withheld:
    st.info(withheld)
    st.stop()
widgets.suppression_notice()
tiles = st.columns(5)
for tile, label, value in zip(
    tiles,
    ("People interested", "Yes", "Maybe", "Invited", "Allocated a place"),
    # Yes and Maybe add up to the total: hidden together; the marks are counted on their own.
    [
        str(counts.interested),
        *widgets.protect_counts(counts.yes, counts.maybe),
        *widgets.protect_counts(counts.invited),
        *widgets.protect_counts(counts.allocated),
    ],
    strict=True,
):
    tile.metric(label, value)

demand = widgets.protect(
    cache.cached(interest.demand, filters, answers, today),
    count_column="n_interested",
    value_columns=(),
)
widgets.chart(interest_charts.demand_bars(demand, counts.interested, filters, answers))
waiting = interest.unplanned(demand)
if waiting:
    st.warning(
        f"No cohort is planned for {waiting}. "
        "Plan the next cohort for each on the Rollout timeline page."
    )

if not auth.can(user.role, "see_personal_data"):
    st.info("Names and contact details are shown to programme leads and admins only.")
    st.stop()

st.header("People to invite")
left, middle, right = st.columns([2, 2, 3])
sort_by = left.selectbox(
    "Sort by", list(interest.SORT_KEYS), format_func=interest.SORT_KEYS.get, key="interest_sort"
)
hide_allocated = middle.toggle("Hide people allocated a place", key="interest_hide_allocated")
# The file is built only when the button is pressed: at a million respondents, building it on
# every run of the page cost most of the page's time.
right.download_button(
    f"Download CSV ({counts.interested} people)",
    lambda: export.interest_csv(cache.connection(), filters, answers)[0],
    file_name=f"chatr-interest-{today:%Y-%m-%d}.csv",
    mime="text/csv",
    on_click="ignore",
)

total = counts.interested - (counts.allocated if hide_allocated else 0)
n_pages = max(1, math.ceil(total / interest.PAGE_SIZE))
page = 1
if n_pages > 1:  # a new key when the number of pages changes, so it restarts at page 1
    page = st.pagination(n_pages, key=f"interest_page_{n_pages}")
rows = cache.cached(
    interest.people, filters, answers, sort_by, page, interest.PAGE_SIZE, not hide_allocated
)
first = (page - 1) * interest.PAGE_SIZE
st.caption(f"Showing {first + 1 if len(rows) else 0}–{first + len(rows)} of {total}")
st.dataframe(interest.display_table(rows), hide_index=True, width="stretch")

st.subheader("Mark people invited or allocated")
cohorts = cache.cached(interest.open_cohorts, today)
if cohorts.empty:
    st.info("No cohort is open to invite people to: add one on the Rollout timeline page.")
with st.form("mark", clear_on_submit=True):
    names = interest.person_labels(rows)
    chosen = st.multiselect(
        "People (on this page)", list(names), format_func=names.get, key="mark_people"
    )
    labels = {r.cohort_id: f"{r.cohort_label} · starts {r.start_date:%d %b %Y}" for r in
              cohorts.itertuples()}  # fmt: skip
    cohort_id = st.selectbox(
        "Cohort", list(labels), format_func=labels.get, index=None, key="mark_cohort"
    )
    status = st.radio(
        "Mark as",
        [*interest.MARKS, CLEAR],
        horizontal=True,
        format_func=lambda s: "clear the mark" if s == CLEAR else s,
        key="mark_status",
    )
    if st.form_submit_button("Save marks", type="primary"):
        try:
            interest.mark(cache.connection(), user.username, chosen, status, cohort_id, today)
            done = "cleared the mark of" if status == CLEAR else f"marked {status}:"
            widgets.flash(f"Saved: {done} {len(chosen)} people.")
        except plan_edits.PlanRefused as error:
            widgets.refusal(error.problems)
