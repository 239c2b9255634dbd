"""Sign-in security with a clock the test sets: the lockout and its end, and login tokens
that outlive our expiry or predate a logout."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chatr import db, security

T0 = datetime(2026, 11, 28, 9, 0, 0)
DAYS = 1.0


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "chatr.duckdb", create=True)
    yield connection
    connection.close()


def fail(con, username: str, at: datetime, times: int = 1) -> None:
    for i in range(times):
        security.record_attempt(con, username, False, at + timedelta(seconds=i))


def test_five_failures_within_fifteen_minutes_lock_the_name_for_fifteen_minutes(con):
    fail(con, "jsmith", T0, 4)
    assert security.locked_until(con, "jsmith", T0 + timedelta(minutes=1)) is None
    fail(con, "jsmith", T0 + timedelta(minutes=2))
    until = security.locked_until(con, "jsmith", T0 + timedelta(minutes=3))
    assert until == T0 + timedelta(minutes=2 + 15)
    assert security.locked_until(con, "JSmith ", T0 + timedelta(minutes=16)) == until  # same name
    assert security.locked_until(con, "jsmith", T0 + timedelta(minutes=17, seconds=1)) is None


def test_failures_spread_over_more_than_the_window_do_not_lock(con):
    for minute in (0, 5, 10, 15, 20):
        fail(con, "jsmith", T0 + timedelta(minutes=minute))
    assert security.locked_until(con, "jsmith", T0 + timedelta(minutes=21)) is None


def test_other_users_are_unaffected_and_unknown_names_lock_the_same_way(con):
    fail(con, "jsmith", T0, 5)
    fail(con, "no_such_user", T0, 5)
    now = T0 + timedelta(minutes=1)
    assert security.locked_until(con, "board1", now) is None
    assert security.locked_until(con, "no_such_user", now) == security.locked_until(
        con, "jsmith", now
    )


def test_a_success_clears_earlier_failures(con):
    fail(con, "jsmith", T0, 4)
    security.record_attempt(con, "jsmith", True, T0 + timedelta(seconds=10))
    fail(con, "jsmith", T0 + timedelta(seconds=20))
    assert security.locked_until(con, "jsmith", T0 + timedelta(minutes=1)) is None


def test_the_lock_survives_a_restart(tmp_path):
    first = db.connect(tmp_path / "chatr.duckdb", create=True)
    fail(first, "jsmith", T0, 5)
    first.close()
    again = db.connect(tmp_path / "chatr.duckdb")
    until = security.locked_until(again, "jsmith", T0 + timedelta(minutes=1))
    assert until is not None and until > T0 + timedelta(minutes=1)
    again.close()


def token(username: str, issued: datetime, days: float = DAYS) -> dict:
    return {"username": username, "exp_date": (issued + timedelta(days=days)).timestamp()}


def test_a_fresh_token_counts(con):
    assert security.token_is_valid(con, token("jsmith", T0), DAYS, T0 + timedelta(hours=1))


@pytest.mark.parametrize(
    ("forged", "why"),
    [
        (token("jsmith", T0, days=365), "a longer life than we give"),
        (token("jsmith", T0 - timedelta(days=2)), "expired"),
        ({"username": "jsmith"}, "no expiry"),
        ({"username": "jsmith", "exp_date": "soon"}, "not a time"),
    ],
)
def test_a_token_we_would_not_issue_is_refused(con, forged, why):
    assert not security.token_is_valid(con, forged, DAYS, T0 + timedelta(hours=1)), why


def test_logout_ends_every_token_issued_before_it(con):
    copied = token("jsmith", T0)
    security.revoke_sessions(con, "jsmith", T0 + timedelta(minutes=30))
    now = T0 + timedelta(hours=1)
    assert not security.token_is_valid(con, copied, DAYS, now)
    assert security.token_is_valid(con, token("jsmith", T0 + timedelta(minutes=45)), DAYS, now)
    assert security.token_is_valid(con, token("board1", T0), DAYS, now)  # only that user
