"""A "Demo data" badge on every page of an instance holding the demo data, and none on one
holding only uploads, so no one mistakes the demo for the programme's figures."""

from __future__ import annotations

import pytest

from chatr import db, demo, load
from chatr.paths import DEMO_DIR
from tests.app.conftest import new_app, sign_in
from tests.conftest import build_instance

# Pages whose URL path differs from their file name: AppTest reruns those through app.py, as the
# app does every page (it runs a page such as pages/admin.py alone: see test_sign_in_security).
PAGES = (
    "pages/pilot_results.py",
    "pages/system_baseline.py",
    "pages/rollout_timeline.py",
    "pages/presentation.py",
    "pages/upload_data.py",
    "pages/interest_lists.py",
)


def badges(app) -> list[str]:
    return [m.value for m in app.markdown if "-badge[" in m.value]


def has_demo_badge(app) -> bool:
    return any("Demo data" in badge for badge in badges(app))


@pytest.mark.usefixtures("app_home")
def test_every_page_of_the_demo_instance_shows_the_badge():
    app = sign_in(new_app(), "test_admin")  # the Overview, through the sign-in
    assert app.metric and has_demo_badge(app)
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, page
        assert has_demo_badge(app), page


@pytest.fixture
def uploads_home(tmp_path, monkeypatch):
    """The demo files loaded as a lead loads files: not demo data."""
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    build_instance(tmp_path, demo=False, users=[("real_lead", "lead", "Real", "real@example.org")])
    con = db.connect()
    with db.transaction(con) as tx:
        for kind, file_name, cohort in demo.DEMO_FILES:
            load.load_canonical(tx, kind, DEMO_DIR / file_name, cohort, "real_lead")
    con.close()
    return tmp_path


@pytest.mark.usefixtures("uploads_home")
def test_an_instance_of_uploads_shows_no_badge():
    app = sign_in(new_app(), "real_lead")
    assert app.metric and not has_demo_badge(app)
    app.switch_page("pages/system_baseline.py").run()
    assert app.metric and not has_demo_badge(app)
