"""Sign-in security with a clock the test sets: the lockout and its end, and login tokens
that outlive our expiry or predate a logout."""

from __future__ import annotations

import threading
import time
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


# ---- sign-in attempts are not data ----


def attempts(con, username: str | None = None) -> int:
    return con.execute(
        "select count(*) from login_attempt where $u is null or username = $u", {"u": username}
    ).fetchall()[0][0]


def test_recording_an_attempt_leaves_the_data_version_alone(con):
    # Every cached result is keyed on the data version: a sign-in must not flush them all.
    before = db.data_version(con)
    security.record_attempt(con, "jsmith", False, T0)
    security.record_attempt(con, "jsmith", True, T0 + timedelta(seconds=1))
    assert attempts(con) == 2
    assert db.data_version(con) == before


def test_a_sign_in_during_an_upload_does_not_make_the_upload_fail(con):
    with db.transaction(con) as tx:
        tx.execute("insert into audit_log (actor, action) values ('lead', 'an upload')")
        security.record_attempt(con, "jsmith", False, T0)  # another session, meanwhile
    assert con.execute("select count(*) from audit_log").fetchall()[0][0] == 1
    assert attempts(con, "jsmith") == 1


def test_attempts_older_than_the_lockout_window_are_pruned_when_recording(con):
    fail(con, "jsmith", T0, 3)
    fail(con, "board1", T0)
    later = T0 + 2 * timedelta(minutes=security.LOCKOUT_MINUTES) + timedelta(hours=2)
    security.record_attempt(con, "someone", False, later)
    assert attempts(con) == 1
    # ...while a lock in force is kept.
    fail(con, "jsmith", later, 5)
    security.record_attempt(con, "someone", False, later + timedelta(minutes=1))
    assert security.locked_until(con, "jsmith", later + timedelta(minutes=2)) is not None


def test_an_overlong_user_name_is_refused_without_being_stored(con):
    checked = []
    result = security.sign_in(con, "x" * 101, lambda: checked.append(1) or True, T0)
    assert not result.ok and result.locked_until is None
    assert not checked and attempts(con) == 0
    security.record_attempt(con, "y" * 5000, False, T0)
    assert attempts(con) == 0
    assert security.sign_in(con, "x" * 100, lambda: False, T0).ok is False
    assert attempts(con) == 1


def test_a_success_is_counted_and_clears_the_failures_before_it(con):
    for i in range(4):
        assert not security.sign_in(con, "jsmith", lambda: False, T0 + timedelta(seconds=i)).ok
    assert security.sign_in(con, "jsmith", lambda: True, T0 + timedelta(seconds=10)).ok
    for i in range(4):
        security.sign_in(con, "jsmith", lambda: False, T0 + timedelta(seconds=20 + i))
    assert security.locked_until(con, "jsmith", T0 + timedelta(minutes=1)) is None


def test_parallel_wrong_passwords_get_no_more_checks_than_the_lockout_allows(con):
    checks = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def wrong_password() -> bool:
        with lock:
            checks.append(1)
        time.sleep(0.05)  # a bcrypt check takes time: the window a race would use
        return False

    def try_once() -> None:
        start.wait()
        security.sign_in(con, "jsmith", wrong_password, T0)

    threads = [threading.Thread(target=try_once) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checks) == security.LOCKOUT_ATTEMPTS
    assert security.locked_until(con, "jsmith", T0 + timedelta(seconds=1)) is not None
    locked = security.sign_in(con, "jsmith", wrong_password, T0 + timedelta(seconds=2))
    assert locked.locked_until is not None and len(checks) == security.LOCKOUT_ATTEMPTS
