"""Streamlit glue shared by app.py and the pages: login, connection, filters, access checks."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import streamlit_authenticator as stauth

from chatr import auth, db, paths, security, suppression
from chatr.filters import LIFE_STAGE_KEY, ORGANISATION_KEY, Filters
from chatr.reference import LIFE_STAGES, ORGANISATIONS

if TYPE_CHECKING:
    from chatr.slides import Deck

T = TypeVar("T")
USER_KEY = "chatr_user"
FILTERS_KEY = "chatr_filters"
CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def connection():
    """The process's one DuckDB connection (pages take a cursor per query through chatr)."""
    return _connection(str(paths.database_path()))


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    # Keyed on the path, so a process (a test) can serve more than one instance.
    return db.connect(Path(path))


def login() -> auth.User | None:
    """Re-authenticate from the cookie or draw the login form; the signed-in user, or None.

    The authenticator is built fresh each run (it draws a cookie component, so it must never
    be cached). We draw the form ourselves so it can be cleared after a successful login
    without st.rerun(), which would drop the cookie before the browser stores it.
    """
    authenticator = stauth.Authenticate(
        auth.active_credentials(),
        cookie_name=auth.COOKIE_NAME,
        cookie_key=auth.cookie_secret(),
        cookie_expiry_days=auth.COOKIE_EXPIRY_DAYS,
        auto_hash=False,
        login_sleep_time=0,
    )
    st.session_state["chatr_authenticator"] = authenticator
    was_signed_in = bool(st.session_state.get("authentication_status"))
    try:
        authenticator.login(location="unrendered")  # signs in from a valid cookie, if any
    except Exception:  # a malformed or stale cookie must never show a traceback
        _forget_sign_in()
    if not was_signed_in and st.session_state.get("authentication_status"):
        _check_cookie(authenticator)
    if not st.session_state.get("authentication_status"):
        _login_form(authenticator)
    return _signed_in_user()


def _check_cookie(authenticator: stauth.Authenticate) -> None:
    """Refuse a cookie login whose token outlives our expiry or predates the user's logout."""
    token = authenticator.cookie_controller.cookie_model.token
    valid = isinstance(token, dict) and security.token_is_valid(
        connection(), token, auth.COOKIE_EXPIRY_DAYS, datetime.now()
    )
    if not valid:
        _forget_sign_in()


def _forget_sign_in() -> None:
    for key in ("authentication_status", "username", "name", "email", "roles"):
        st.session_state[key] = None


def _login_form(authenticator: stauth.Authenticate) -> None:
    slot = st.empty()
    with slot.form("login"):
        st.subheader("Sign in to the ChATR dashboard")
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    now = datetime.now()
    until = security.locked_until(connection(), username, now)
    if until is not None:
        st.error(f"Too many failed sign-ins for this user name. Try again after {until:%H:%M}.")
        return
    try:
        ok = bool(authenticator.authentication_controller.login(username, password))
    except Exception:
        ok = False
    security.record_attempt(connection(), username, ok, now)
    if ok:
        slot.empty()
        authenticator.cookie_controller.set_cookie()  # drawn outside the slot, so it stays
    else:
        st.session_state["authentication_status"] = None
        st.error("User name or password is incorrect.")


def _signed_in_user() -> auth.User | None:
    user = None
    if st.session_state.get("authentication_status"):
        user = auth.get_user(st.session_state.get("username") or "")
    if user is None:  # signed out, or the account was removed since the cookie was issued
        st.session_state["authentication_status"] = None
        st.session_state.pop(USER_KEY, None)
        return None
    st.session_state[USER_KEY] = user
    return user


def signed_out_page() -> None:
    """Shown under the login form to anyone not signed in: what this is, how to get access."""
    st.markdown(
        "The **ChATR programme dashboard** shows whether the Childhood Adversity, Trauma and "
        "Resilience workforce training is working: the system baseline survey, pilot results "
        "and the rollout plan.\n\nNo account yet? Ask the programme's dashboard admin."
    )


def logout_button() -> bool:
    """Logout in the sidebar; True if the user just logged out (the login form is then drawn)."""
    authenticator = st.session_state["chatr_authenticator"]
    # KeyError: no cookie to delete (it had not reached the browser yet).
    with contextlib.suppress(KeyError):
        authenticator.logout("Log out", location="sidebar", key="chatr_logout")
    if st.session_state.get("authentication_status"):
        return False
    # Server-side: this user's cookies issued until now no longer sign anyone in.
    security.revoke_sessions(connection(), st.session_state.pop(USER_KEY).username, datetime.now())
    _login_form(authenticator)
    return True


def current_user() -> auth.User | None:
    """The signed-in user of this session, as app.py established it."""
    return st.session_state.get(USER_KEY)


def require(permission: str) -> auth.User:
    """Stop the page (showing nothing of its data) unless the user has `permission`."""
    user = current_user()
    if user is None or not auth.can(user.role, permission):
        st.error("You do not have access to this page.")
        st.stop()
    return user


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


@st.cache_data(ttl=600, max_entries=512, show_spinner=False)
def _cached(_function: Callable[..., T], name: str, database: str, version: int, *args: Any) -> T:
    # The function is not hashable by Streamlit: its qualified name stands in for it. The
    # database path is in the key too: two instances can be at the same data version.
    return _function(_connection(database), *args)


def cached(function: Callable[..., T], *args: Any) -> T:
    """function(connection, *args), cached until the data changes (keyed on the data version)."""
    return _cached(function, *_key(function), *args)


@st.cache_resource(ttl=600, max_entries=128, show_spinner=False)
def _shared(_function: Callable[..., T], name: str, database: str, version: int, *args: Any) -> T:
    return _function(_connection(database), *args)


def cached_figures(function: Callable[..., T], *args: Any) -> T:
    """As `cached`, for results holding Plotly figures (slides, decks): kept as they are, not
    pickled, since rebuilding a figure from a pickle re-validates it (~5 ms a figure on every
    run). Every session gets the same objects: draw them, never change them."""
    return _shared(function, *_key(function), *args)


def _key(function: Callable) -> tuple[str, str, int]:
    """The function's qualified name, the database and its data version: a cache key."""
    database = str(paths.database_path())
    name = f"{function.__module__}.{function.__qualname__}"
    return name, database, db.data_version(_connection(database))


def data_version() -> int:
    """The data version of this instance's database (changes with every write)."""
    return db.data_version(connection())


def clear_cached() -> None:
    """Forget every cached result (`cached` and `cached_figures`), as after a restart."""
    _cached.clear()
    _shared.clear()


def chart(fig: go.Figure, key: str | None = None) -> None:
    """Draw a figure full width with the shared chart settings."""
    # theme=None: Streamlit's chart theme would override our projector-sized fonts.
    st.plotly_chart(fig, width="stretch", config=CHART_CONFIG, key=key, theme=None)


def protect(table, **columns: Any):
    """The table as this user may see it: small cells suppressed for anyone who may not see
    personal data (the board), unchanged for leads and admins."""
    user = current_user()
    if user is not None and auth.can(user.role, "see_personal_data"):
        return table
    return suppression.suppress(table, **columns)


def sees_small_numbers() -> bool:
    """Whether this user sees counts under the suppression threshold."""
    user = current_user()
    return user is not None and auth.can(user.role, "see_personal_data")


def suppression_notice() -> None:
    """Tell a lead or admin that the board sees fewer numbers than they do."""
    if sees_small_numbers():
        st.caption(
            f"Counts under {suppression.MIN_CELL} are shown to you; board members (viewers) "
            f'see "{suppression.SMALL}" instead.'
        )


def protect_counts(*counts: int) -> list[str]:
    """Headline counts as this user may see them (a set of tiles is one breakdown)."""
    table = pd.DataFrame({"n": list(counts)})
    shown = protect(table, count_column="n", value_columns=())
    marks = shown["suppressed"] if "suppressed" in shown else [""] * len(shown)
    return [mark or f"{n:.0f}" for n, mark in zip(shown["n"], marks, strict=True)]


def presentation_style(full_screen: bool) -> None:
    """Presentation mode: the takeaway in large type; full screen, no sidebar."""
    hide = (
        'section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"], '
        'button[data-testid="stExpandSidebarButton"] { display: none; }'
    )
    st.markdown(
        f"""<style>
        {hide if full_screen else ""}
        [data-testid="stMarkdownContainer"] p.present-section {{
            font-size: 1.1rem !important; color: #5f6b7a; margin: 0; }}
        [data-testid="stMarkdownContainer"] p.present-takeaway {{
            font-size: 2rem !important; font-weight: 600; line-height: 1.25; }}
        </style>""",
        unsafe_allow_html=True,
    )


def render_report(deck: Deck, fmt: str, bar: Any) -> bytes:
    """The deck as a .pptx or .pdf file, advancing a st.progress bar chart by chart."""
    from chatr import report  # noqa: PLC0415 - fpdf2 and python-pptx cost a second to import

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Drawn {done} of {total} charts")

    out = io.BytesIO()
    report.render(deck, fmt, out, progress)
    return out.getvalue()
