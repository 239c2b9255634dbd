"""In Chromium, as an outsider would try it: a login cookie copied before logout, and a token
forged with a long life, must not sign anyone in."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import jwt
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_login_and_baseline import (
    COOKIE,
    log_in,
    login_form,
    settle,
    signed_in,
    wait_for_cookie,
    wait_until_signed_in,
)

if TYPE_CHECKING:
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e


def open_with_cookie(browser: Browser, app: App, value: str) -> Page:
    """A new browser (no session of its own) carrying only the given login cookie."""
    context = browser.new_context()
    context.add_cookies([{"name": COOKIE, "value": value, "url": app.url}])
    page = context.new_page()
    page.goto(app.url)
    settle(page)
    return page


def test_a_cookie_copied_before_logout_no_longer_signs_in(page: Page, app: App, browser: Browser):
    log_in(page, app, app.users["lead"])
    wait_until_signed_in(page)
    copied = next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE)
    replay = open_with_cookie(browser, app, copied)
    expect(signed_in(replay)).to_be_visible()  # before logout the copy works, like the original
    replay.context.close()
    settle(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log out").click()
    expect(login_form(page)).to_be_visible()
    wait_for_cookie(page, present=False)
    replay = open_with_cookie(browser, app, copied)
    expect(login_form(replay)).to_be_visible()
    expect(signed_in(replay)).to_have_count(0)
    replay.context.close()


def test_a_token_forged_with_a_long_life_is_refused(app: App, browser: Browser):
    key = (app.home / "cookie_secret").read_text().strip()  # an insider's worst case: the key
    expires = (datetime.now() + timedelta(days=365)).timestamp()
    forged = jwt.encode({"username": app.users["admin"], "exp_date": expires}, key, "HS256")
    page = open_with_cookie(browser, app, forged)
    expect(login_form(page)).to_be_visible()
    expect(signed_in(page)).to_have_count(0)
    page.context.close()


def test_a_token_signed_with_another_key_is_refused(app: App, browser: Browser):
    expires = (datetime.now() + timedelta(hours=1)).timestamp()
    forged = jwt.encode(
        {"username": app.users["admin"], "exp_date": expires},
        "a-guessed-key-long-enough-for-hs256-xx",
        "HS256",
    )
    page = open_with_cookie(browser, app, forged)
    expect(login_form(page)).to_be_visible()
    page.context.close()
