"""Admin work: erasure leaves no trace, user changes are audited, passwords change."""

from __future__ import annotations

import pytest

from chatr import admin, auth, figures
from chatr.filters import Filters
from tests.conftest import demo_pilot, demo_respondents

PASSWORD = "Correct-Horse-Battery-1"


def everywhere(con, needle: str) -> list[str]:
    """Every table.column whose text holds `needle` (case-insensitive)."""
    hits = []
    columns = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where not internal and data_type in ('VARCHAR', 'VARCHAR[]')"
    ).fetchall()
    for table, column in columns:
        found = con.execute(
            f'select count(*) from "{table}" where lower("{column}"::varchar) like ?',  # noqa: S608
            [f"%{needle.lower()}%"],
        ).fetchall()[0][0]
        if found:
            hits.append(f"{table}.{column}")
    return hits


def test_erasure_removes_a_pilot_participant_from_every_table(fresh_con):
    email = next(iter(demo_pilot()))  # a participant of Perinatal #1
    assert everywhere(fresh_con, email) == ["person.email"]
    removed = admin.erase_person(fresh_con, "the_admin", email.upper() + " ")
    assert removed > 1
    assert everywhere(fresh_con, email) == []
    cohort = figures.figures(fresh_con, Filters())["cohorts"][0]
    assert cohort["participants"] == len(demo_pilot()) - 1
    log = admin.audit_log(fresh_con)
    assert list(log.action) == ["erase person"] and email not in " ".join(
        map(str, log.values.ravel())
    )


def test_erasure_of_a_baseline_respondent_updates_the_figures(fresh_con):
    person = demo_respondents()[0]
    admin.erase_person(fresh_con, "the_admin", person.email)
    assert everywhere(fresh_con, person.email) == []
    assert (
        figures.baseline_figures(fresh_con, Filters())["respondents"] == len(demo_respondents()) - 1
    )


def test_erasing_nobody_changes_nothing(fresh_con):
    with pytest.raises(ValueError, match="Nobody with that e-mail"):
        admin.erase_person(fresh_con, "the_admin", "nobody@example.org")
    assert admin.audit_log(fresh_con).empty


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    auth.add_user("boss", "admin", "Boss", "boss@example.org", PASSWORD)
    auth.add_user("jsmith", "lead", "Jo Smith", "jo@example.org", PASSWORD)
    return tmp_path


def test_user_changes_are_audited_and_take_effect(fresh_con, home):
    one_time = admin.add_user(fresh_con, "boss", "board1", "viewer", "Board One", "b1@example.org")
    assert auth.check_password("board1", one_time)
    admin.set_role(fresh_con, "boss", "jsmith", "viewer")
    assert auth.get_user("jsmith").role == "viewer"
    admin.set_disabled(fresh_con, "boss", "jsmith", True)
    assert (
        auth.get_user("jsmith") is None and "jsmith" not in auth.active_credentials()["usernames"]
    )
    admin.set_disabled(fresh_con, "boss", "jsmith", False)
    new = admin.reset_password(fresh_con, "boss", "jsmith")
    assert auth.check_password("jsmith", new) and not auth.check_password("jsmith", PASSWORD)
    log = admin.audit_log(fresh_con)
    assert list(log.action)[::-1] == [
        "add user", "change role", "disable user", "enable user", "reset password",
    ]  # fmt: skip
    assert set(log.actor) == {"boss"}


def test_an_admin_cannot_lock_themselves_out(fresh_con, home):
    with pytest.raises(ValueError, match="another admin"):
        admin.set_role(fresh_con, "boss", "boss", "viewer")
    with pytest.raises(ValueError, match="another admin"):
        admin.set_disabled(fresh_con, "boss", "boss", True)


def test_a_user_changes_their_own_password(fresh_con, home):
    with pytest.raises(ValueError, match="current password"):
        admin.change_own_password(fresh_con, "jsmith", "wrong", "a new long password")
    with pytest.raises(ValueError, match="at least 10"):
        admin.change_own_password(fresh_con, "jsmith", PASSWORD, "short")
    admin.change_own_password(fresh_con, "jsmith", PASSWORD, "a new long password")
    assert auth.check_password("jsmith", "a new long password")
