"""Streamlit's own floor for the System baseline page (`make bench`, bench/browser.py).

A bare script with the app's page settings, the same sidebar filters and the same main area
(title, caption, five tiles, six Plotly figures in two columns, each under its finding), whose
figures were saved beforehand for every filter state the benchmark reaches: no sign-in, no
query, no figure building. The page's filter-change-to-redrawn time is judged against this
script's, measured the same way in the same browser.

Run as `streamlit run bench/floor_app.py` with FLOOR_FIGURES naming the saved JSON file.
"""

from __future__ import annotations

import json
import os

import plotly.io as pio
import streamlit as st

from chatr.filters import Filters
from chatr.reference import LIFE_STAGES, ORGANISATIONS
from chatr.ui.widgets import CHART_CONFIG

st.set_page_config(page_title="Floor", layout="wide")


@st.cache_resource
def saved() -> dict[str, dict]:
    """Per filter state (its description): the tiles, findings and figures, as objects."""
    with open(os.environ["FLOOR_FIGURES"], encoding="utf-8") as handle:
        states = json.load(handle)
    return {
        described: state | {"figures": [pio.from_json(f) for f in state["figures"]]}
        for described, state in states.items()
    }


st.sidebar.header("Filters")
stages = st.sidebar.multiselect("Life stages", LIFE_STAGES, placeholder="All life stages")
orgs = st.sidebar.multiselect("Organisation types", ORGANISATIONS, placeholder="All organisations")
filters = Filters.of(stages, orgs)
state = saved()[filters.describe()]

st.title("System baseline survey")
st.caption(f"Practitioners across the system, before training · {filters.describe()}")
for column, (label, value) in zip(st.columns(len(state["tiles"])), state["tiles"], strict=True):
    column.metric(label, value)
for start in range(0, len(state["figures"]), 2):
    ends = slice(start, start + 2)
    pair = zip(state["findings"][ends], state["figures"][ends], strict=True)
    for column, (finding, figure) in zip(st.columns(2), pair, strict=False):
        with column:
            st.markdown(f"**{finding}**")
            st.plotly_chart(figure, width="stretch", config=CHART_CONFIG, theme=None)
