"""AppTest fixtures: one demo instance with a user per role, and a helper that logs in
through the real login form."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import PASSWORD, ROOT, build_instance

APP = str(ROOT / "app.py")
ROLES = ("viewer", "lead", "admin")


@pytest.fixture(scope="session")
def app_home(tmp_path_factory):
    """A demo instance with one user per role, set as CHATR_HOME for the whole session
    (the app's connection is cached per process, so every AppTest shares this instance)."""
    users = [(f"test_{r}", r, f"Test {r.title()}", f"{r}@example.org") for r in ROLES]
    home = build_instance(tmp_path_factory.mktemp("app-home"), users=users)
    mp = pytest.MonkeyPatch()
    mp.setenv("CHATR_HOME", str(home))
    yield home
    mp.undo()


def new_app(**query_params: str) -> AppTest:
    """A fresh session of the real app (nobody signed in yet)."""
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query_params.items():
        app.query_params[key] = value
    return app.run()


def sign_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    """Fill and submit the login form, as a user does."""
    fields = {field.label: field for field in app.text_input}
    fields["Username"].input(username)
    fields["Password"].input(password)
    next(b for b in app.button if b.label == "Log in").click()
    return app.run()


def metric(app: AppTest, label: str) -> str:
    """The value of the metric with this label."""
    return next(m.value for m in app.metric if m.label == label)


CHART_DATA = "Show the data"


def open_chart_data(app: AppTest) -> AppTest:
    """Open every chart's "Show the data" (drawn only once opened, as a user's click does) and
    run the page again: its tables and CSV buttons are then on the page."""
    # A keyed expander's id ends with its key: "$$ID-<hash>-<key>".
    keys = [e.proto.id.split("-", 2)[-1] for e in app.expander if e.label == CHART_DATA]
    assert keys, "the page has no chart data to open"
    for key in keys:
        app.session_state[key] = True
    return app.run()
