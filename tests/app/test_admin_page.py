"""The Admin and Account pages in AppTest: who sees them, adding a user, erasing a person,
changing one's own password."""

from __future__ import annotations

import csv

import pytest

from tests.app.conftest import PASSWORD, new_app, sign_in
from tests.conftest import DATA, build_instance, demo_pilot

ADMIN_PAGE = "pages/admin.py"
ACCOUNT_PAGE = "pages/account.py"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    users = [("adm", "admin", "Adm", "adm@example.org")]
    users.append(("lead1", "lead", "Lead One", "lead1@example.org"))
    return build_instance(tmp_path, users=users)


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize("username", ["lead1"])
def test_only_an_admin_has_the_admin_page(username):
    app = sign_in(new_app(), username)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(ADMIN_PAGE)


@pytest.mark.usefixtures("home")
def test_an_admin_adds_a_user_who_can_then_sign_in():
    app = sign_in(new_app(), "adm").switch_page(ADMIN_PAGE).run()
    assert not app.exception
    assert set(app.dataframe[0].value["username"]) == {"adm", "lead1"}
    form = {t.label: t for t in app.text_input}
    form["User name"].input("board2")
    form["Full name"].input("Board Two")
    form["E-mail"].input("board2@example.org")
    next(b for b in app.button if b.label == "Add user").click().run()
    assert "Added board2 (viewer)" in app.success[0].value
    one_time = app.code[0].value
    assert sign_in(new_app(), "board2", one_time).metric  # signs in and sees the overview


def pilot_participant(by: str) -> str:
    """A Perinatal #1 participant's e-mail, or their name as the demo file has it."""
    email = next(iter(demo_pilot()))
    with open(DATA / "pilot_perinatal_1.csv", newline="", encoding="utf-8") as handle:
        name = next(r["name"] for r in csv.DictReader(handle) if r["email"].lower() == email)
    return email if by == "e-mail" else name


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize("by", ["e-mail", "name"])
def test_an_admin_erases_a_person_through_the_page(by):
    app = sign_in(new_app(), "adm").switch_page(ADMIN_PAGE).run()
    who = pilot_participant(by)
    next(t for t in app.text_input if t.label == "The person's e-mail or full name").input(who)
    next(c for c in app.checkbox if c.label.startswith("I understand")).check()
    next(b for b in app.button if b.label == "Erase this person").click().run()
    assert app.success[0].value.startswith("Erased:")
    app.switch_page("pages/pilot_results.py").run()
    assert next(m.value for m in app.metric if m.label == "Matched pairs") == "10"


@pytest.mark.usefixtures("home")
def test_a_user_changes_their_own_password_on_the_account_page():
    app = sign_in(new_app(), "lead1").switch_page(ACCOUNT_PAGE).run()
    fields = list(app.text_input)
    fields[0].input(PASSWORD)
    fields[1].input("a brand new passphrase")
    fields[2].input("a brand new passphrase")
    next(b for b in app.button if b.label == "Change password").click().run()
    assert app.success[0].value == "Password changed."
    assert sign_in(new_app(), "lead1", "a brand new passphrase").metric


@pytest.mark.usefixtures("home")
def test_an_admin_has_a_backup_download_made_only_when_clicked():
    app = sign_in(new_app(), "adm").switch_page(ADMIN_PAGE).run()
    assert "Backup" in [t.label for t in app.tabs]
    download = next(
        d for d in app.download_button if d.label == "Download a backup of the database"
    )
    assert download.proto.deferred_file_id  # the copy is made on the click, not on each run
    assert "the database only" in " ".join(m.value for m in app.markdown).lower()
