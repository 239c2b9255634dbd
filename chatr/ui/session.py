"""Signing in and out (streamlit-authenticator plus our own checks) and access to pages."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

import streamlit as st
import streamlit_authenticator as stauth

from chatr import auth, security
from chatr.ui.cache import connection

USER_KEY = "chatr_user"
SIGNED_IN_AT_KEY = "chatr_signed_in_at"  # when this session's sign-in began (form or cookie)


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
    if st.session_state.get("authentication_status"):
        if was_signed_in:
            _check_session()
        else:
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
        return
    issued = datetime.fromtimestamp(float(token["exp_date"]))
    st.session_state[SIGNED_IN_AT_KEY] = issued - timedelta(days=auth.COOKIE_EXPIRY_DAYS)


def _check_session() -> None:
    """On every run of a signed-in session: end it if the account is gone or disabled, or the
    user's sessions were ended since it began (a logout elsewhere, a new password or role).
    A small query, no bcrypt."""
    username = st.session_state.get("username") or ""
    began = st.session_state.get(SIGNED_IN_AT_KEY, datetime.min)
    if auth.get_user(username) is None or not security.session_is_current(
        connection(), username, began
    ):
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
    attempt = security.sign_in(
        connection(), username, lambda: _password_matches(authenticator, username, password), now
    )
    if attempt.locked_until is not None:
        until = attempt.locked_until
        st.error(f"Too many failed sign-ins for this user name. Try again after {until:%H:%M}.")
        return
    if attempt.ok:
        st.session_state[SIGNED_IN_AT_KEY] = now
        slot.empty()
        authenticator.cookie_controller.set_cookie()  # drawn outside the slot, so it stays
    else:
        st.session_state["authentication_status"] = None
        st.error("User name or password is incorrect.")


def _password_matches(authenticator: stauth.Authenticate, username: str, password: str) -> bool:
    """The library's check (which signs the session in), or for a name without an active
    account a dummy bcrypt check, so that an unknown name takes as long to refuse."""
    if not auth.is_active(username):
        auth.dummy_password_check(password)
        return False
    try:
        return bool(authenticator.authentication_controller.login(username, password))
    except Exception:
        return False


def renew() -> None:
    """Keep this session after the user's own change ended their sessions: it counts from now,
    with a new login cookie (the old one no longer signs in)."""
    st.session_state[SIGNED_IN_AT_KEY] = datetime.now()
    st.session_state["chatr_authenticator"].cookie_controller.set_cookie()


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
    # Server-side: this user's cookies issued until now no longer sign anyone in, and their
    # sessions open in other tabs or browsers end at their next run.
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
