"""The Upload data page in AppTest: who may use it, a real upload with its report, a refused
file, a re-upload, and an admin undoing a batch."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from chatr import auth
from tests.app.conftest import metric, new_app, sign_in
from tests.conftest import ROOT, build_instance

PAGE = "pages/upload_data.py"
FIXTURES = ROOT / "tests" / "fixtures"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def empty_home(tmp_path, monkeypatch):
    """An instance with no data yet, and a lead and an admin."""
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    users = [
        (f"up_{r}", r, f"Up {r.title()}", f"{r}@example.org") for r in ("lead", "admin", "viewer")
    ]
    return build_instance(tmp_path, demo=False, users=users)


def open_upload(username: str):
    return sign_in(new_app(), username).switch_page(PAGE).run()


def upload_file(app, relative: str, mime: str = "text/csv"):
    path = FIXTURES / relative
    app.get("file_uploader")[0].set_value((path.name, path.read_bytes(), mime))
    return app.run()


def button(app, label: str):
    return next(b for b in app.button if b.label == label)


@pytest.mark.usefixtures("empty_home")
def test_a_viewer_has_no_upload_page_in_the_navigation():
    app = sign_in(new_app(), "up_viewer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)


@pytest.mark.usefixtures("empty_home")
@pytest.mark.parametrize("user", [None, auth.User("v", "V", "v@example.org", "viewer")])
def test_the_page_itself_refuses_anyone_but_a_lead_or_admin(user):
    """Run as a script on its own (as a guessed URL could), the page still checks the role."""
    page = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    if user is not None:
        page.session_state["chatr_user"] = user
    page.run()
    assert "You do not have access to this page." in [e.value for e in page.error]
    assert not page.get("file_uploader") and not page.dataframe


@pytest.mark.usefixtures("empty_home")
def test_a_lead_uploads_the_microsoft_forms_workbook_and_sees_the_new_figures():
    app = open_upload("up_lead")
    assert not app.exception
    upload_file(app, "microsoft_forms/System baseline survey(1-101).xlsx", XLSX)
    assert not app.exception
    assert metric(app, "Rows in file") == "101"
    assert metric(app, "Rows to load") == "100"
    assert metric(app, "Read as") == "microsoft forms"
    button(app, "Load 100 rows").click().run()
    assert any("Loaded 100 rows" in s.value for s in app.success)
    assert list(app.dataframe[-1].value["Status"]) == ["loaded"]
    app.switch_page("pages/system_baseline.py").run()
    assert metric(app, "Respondents") == "100"
    assert metric(app, "Answered: 0-10 use") == "98"


@pytest.mark.usefixtures("empty_home")
def test_a_bad_file_shows_row_column_value_and_cannot_be_loaded():
    app = open_upload("up_lead")
    upload_file(app, "bad/scale_out_of_range.csv")
    report = app.dataframe[0].value
    assert set(report["value"]) == {"11", "eight"} and set(report["row (as in Excel)"]) == {3, 6}
    assert button(app, f"Load {metric(app, 'Rows to load')} rows").disabled


@pytest.mark.usefixtures("empty_home")
def test_re_upload_is_a_no_op_and_an_admin_undoes_a_batch():
    app = open_upload("up_admin")
    upload_file(app, "google_forms/System baseline survey.csv")
    button(app, "Load 100 rows").click().run()
    upload_file(app, "google_forms/System baseline survey.csv")
    button(app, "Load 100 rows").click().run()
    assert any("already loaded" in s.value for s in app.success)
    app.checkbox[0].check().run()
    button(app, "Undo this batch").click().run()
    assert any("undone" in s.value for s in app.success)
    assert list(app.dataframe[-1].value["Status"]) == ["undone"]
    assert list(app.dataframe[-1].value["Undone by"]) == ["up_admin"]


@pytest.mark.usefixtures("empty_home")
def test_a_lead_sees_no_undo():
    app = open_upload("up_lead")
    assert "Undo a batch (admin)" not in [e.label for e in app.expander]


@pytest.mark.usefixtures("empty_home")
def test_an_unreadable_cohort_is_explained_and_blocks_loading():
    app = open_upload("up_lead")
    app.selectbox[0].set_value("pilot_pre").run()
    app.selectbox[1].set_value("Another cohort (type it)").run()
    app.text_input[0].input("next one").run()
    upload_file(app, "google_forms/Pilot cohort - baseline (pre).csv")
    assert not app.exception
    assert any("'next one' is not a cohort" in e.value for e in app.error)
    assert button(app, "Load 11 rows").disabled


@pytest.mark.usefixtures("empty_home")
def test_after_loading_the_report_goes_away():
    app = open_upload("up_lead")
    upload_file(app, "google_forms/System baseline survey.csv")
    button(app, "Load 100 rows").click().run()
    assert not app.get("file_uploader")[0].value and not [
        m for m in app.metric if m.label == "Rows to load"
    ]
