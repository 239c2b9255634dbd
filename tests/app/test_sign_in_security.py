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


@pytest.fixture
def bcrypt_checks(monkeypatch) -> list[str]:
    """Every bcrypt password check made from now on (the library's and ours alike)."""
    import bcrypt

    calls: list[str] = []
    real = bcrypt.checkpw

    def counted(password: bytes, hashed: bytes) -> bool:
        calls.append("checkpw")
        return real(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counted)
    return calls


def test_an_unknown_name_costs_the_same_password_check_as_a_known_one(bcrypt_checks):
    auth.add_user("timing_known", "lead", "Known", "known@example.org", PASSWORD)
    assert errors(sign_in(new_app(), "timing_known", "wrong password")) == [
        "User name or password is incorrect."
    ]
    assert len(bcrypt_checks) == 1
    assert errors(sign_in(new_app(), "timing_nobody", "wrong password")) == [
        "User name or password is incorrect."
    ]
    assert len(bcrypt_checks) == 2  # a dummy check, so the answer comes as late


def signed_in(app) -> bool:
    return bool(app.metric) and not any(t.label == "Password" for t in app.text_input)


ADMIN_PAGE = "pages/admin.py"
# AppTest resets Streamlit's legacy `pages/` folder flag on every run, so a rerun on a page whose
# URL path is its file name (overview, admin, account) runs that file alone, without app.py;
# the app itself runs app.py every time. The open tabs stay on System baseline ("baseline").
OPEN_TAB_PAGE = "pages/system_baseline.py"


@pytest.mark.parametrize("action", ["change role", "reset password", "disable"])
def test_an_admin_change_to_a_user_ends_their_open_session(action):
    target = f"ended_{action.split()[0]}"
    auth.add_user(target, "lead", "Ended User", f"{target}@example.org", PASSWORD)
    open_tab = sign_in(new_app(), target).switch_page(OPEN_TAB_PAGE).run()
    assert signed_in(open_tab.run())  # a run of its own keeps it signed in
    admin = sign_in(new_app(), "test_admin").switch_page(ADMIN_PAGE).run()
    admin.selectbox(key="admin_target").set_value(target).run()
    if action == "change role":
        admin.selectbox(key="admin_role").set_value("viewer").run()
        next(b for b in admin.button if b.label == "Save role").click().run()
    else:
        label = "Reset password" if action == "reset password" else "Disable account"
        next(b for b in admin.button if b.label == label).click().run()
    assert not admin.exception and not admin.error
    open_tab.run()  # the user's next click
    assert not signed_in(open_tab)
    assert {t.label for t in open_tab.text_input} == {"Username", "Password"}


def test_changing_ones_password_ends_the_other_sessions_but_not_this_one():
    auth.add_user("two_tabs", "lead", "Two Tabs", "two_tabs@example.org", PASSWORD)
    other = sign_in(new_app(), "two_tabs").switch_page(OPEN_TAB_PAGE).run()
    this = sign_in(new_app(), "two_tabs").switch_page("pages/account.py").run()
    fields = list(this.text_input)
    fields[0].input(PASSWORD)
    fields[1].input("a brand new passphrase")
    fields[2].input("a brand new passphrase")
    next(b for b in this.button if b.label == "Change password").click().run()
    assert this.success[0].value == "Password changed."
    other.run()
    assert not signed_in(other)
    this.switch_page(OPEN_TAB_PAGE).run()
    assert signed_in(this.run())
