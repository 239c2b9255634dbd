"""The global filters in the sidebar: kept across pages and mirrored in the URL."""

from __future__ import annotations

import streamlit as st

from chatr.filters import LIFE_STAGE_KEY, ORGANISATION_KEY, Filters
from chatr.reference import LIFE_STAGES, ORGANISATIONS

FILTERS_KEY = "chatr_filters"


def sidebar_filters() -> Filters:
    """Draw the global filters once (app.py); kept across pages and mirrored in the URL."""
    if "filter_life_stages" not in st.session_state:
        shared = Filters.from_query_params(st.query_params.to_dict() | _query_lists())
        st.session_state["filter_life_stages"] = list(shared.life_stages)
        st.session_state["filter_organisations"] = list(shared.organisations)
    st.sidebar.header("Filters")
    stages = st.sidebar.multiselect(
        "Life stages", LIFE_STAGES, key="filter_life_stages", placeholder="All life stages"
    )
    orgs = st.sidebar.multiselect(
        "Organisation types",
        ORGANISATIONS,
        key="filter_organisations",
        placeholder="All organisations",
    )
    filters = Filters.of(stages, orgs)
    _write_query_params(filters)
    st.session_state[FILTERS_KEY] = filters
    return filters


def _query_lists() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in (LIFE_STAGE_KEY, ORGANISATION_KEY)}


def _write_query_params(filters: Filters) -> None:
    wanted = filters.to_query_params()
    for key in (LIFE_STAGE_KEY, ORGANISATION_KEY):
        if st.query_params.get_all(key) != wanted.get(key, []):
            if key in wanted:
                st.query_params[key] = wanted[key]
            else:
                del st.query_params[key]


def current_filters() -> Filters:
    """The filters app.py drew this run."""
    return st.session_state.get(FILTERS_KEY, Filters())
