"""The System baseline page with two survey waves: a wave selector (the latest by default) for
every role; with one wave there is none (tests/app/test_app_and_baseline.py)."""

from __future__ import annotations

import pytest

from chatr import db, upload
from tests.app.conftest import ROLES, metric, new_app, sign_in
from tests.conftest import ROOT, build_instance

FIXTURES = ROOT / "tests" / "fixtures"
FIRST = FIXTURES / "google_forms" / "System baseline survey.csv"
SECOND = FIXTURES / "wave2" / "google_forms" / "System baseline survey 2024.csv"


@pytest.fixture(scope="module")
def waves_home(tmp_path_factory, app_home):  # app_home first: its value is put back
    users = [(f"test_{r}", r, f"Test {r.title()}", f"{r}@example.org") for r in ROLES]
    home = build_instance(tmp_path_factory.mktemp("waves-app"), demo=False, users=users)
    con = db.connect(home / "chatr.duckdb")
    for path, wave in ((FIRST, None), (SECOND, "Follow-up Oct 2024")):
        outcome = upload.load_file(
            con, path.read_bytes(), path.name, "baseline", cohort=None, uploaded_by="t", wave=wave
        )
        assert outcome.status == "loaded", outcome.message
    con.close()
    mp = pytest.MonkeyPatch()
    mp.setenv("CHATR_HOME", str(home))
    yield home
    mp.undo()


@pytest.mark.parametrize("role", ["lead", "viewer"])
def test_the_wave_selector_shows_the_latest_wave_first(waves_home, role):
    app = sign_in(new_app(), f"test_{role}").switch_page("pages/system_baseline.py").run()
    (chooser,) = [box for box in app.selectbox if box.label == "Survey wave"]
    assert chooser.value == 2  # the later wave's id
    assert chooser.options == ["Baseline Oct 2023", "Follow-up Oct 2024"]
    assert metric(app, "Answered: 0-10 use") == "98"
    app = chooser.select(1).run()
    assert not app.exception
    assert next(box for box in app.selectbox if box.label == "Survey wave").value == 1
    assert metric(app, "Answered: 0-10 use") == "98"  # both waves: 2 of 100 left it blank
