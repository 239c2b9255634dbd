"""The lockout through the real login form (AppTest): five failures lock the name, the right
password is then refused too, other users are unaffected, and the message is the same for a
name that does not exist."""

from __future__ import annotations

import pytest

from chatr import auth
from tests.app.conftest import PASSWORD, new_app, sign_in

pytestmark = pytest.mark.usefixtures("app_home")
LOCKED = "Too many failed sign-ins for this user name."


def errors(app) -> list[str]:
    return [e.value for e in app.error]


def test_five_failures_lock_the_name_but_not_other_users():
    auth.add_user("lock_me", "lead", "Lock Me", "lock@example.org", PASSWORD)
    for _ in range(5):
        assert errors(sign_in(new_app(), "lock_me", "wrong password")) == [
            "User name or password is incorrect."
        ]
    locked = sign_in(new_app(), "lock_me")  # the right password, too late
    assert locked.error[0].value.startswith(LOCKED) and not locked.metric
    assert sign_in(new_app(), "test_viewer").metric  # someone else signs in as usual


def test_an_unknown_name_locks_with_the_same_message():
    for _ in range(5):
        sign_in(new_app(), "nobody_at_all", "wrong password")
    assert sign_in(new_app(), "nobody_at_all", "anything").error[0].value.startswith(LOCKED)
