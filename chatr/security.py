"""Sign-in security in our own code: a lockout that works, and login cookies that really end.

streamlit-authenticator's cookie is a signed token holding only the user name and an expiry.
On its own, a token copied before logout still logs in afterwards, and one minted with a longer
expiry is accepted; these checks close both. Every function takes `now`, so tests set the clock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from chatr import db, queries

LOCKOUT_ATTEMPTS = int(os.environ.get("CHATR_LOCKOUT_ATTEMPTS", "5"))
LOCKOUT_MINUTES = int(os.environ.get("CHATR_LOCKOUT_MINUTES", "15"))
CLOCK_SKEW = timedelta(minutes=2)  # tolerance between the token's clock and ours
MAX_USERNAME_LENGTH = 100  # ours are at most 40: a longer name is refused and never stored
# Older attempts can no longer start or extend a lock (locked_until looks back two windows), so
# each recording deletes them and the table stays small whatever is thrown at the form.
KEEP_ATTEMPTS = 2 * timedelta(minutes=LOCKOUT_MINUTES) + timedelta(hours=1)

# Checking the lock and counting the attempt must be one step: under DuckDB's snapshot isolation
# parallel tries would each see four failures and each go on to a password check. The app is one
# process (DuckDB lets only one open the file), so a lock in the process is enough.
_ATTEMPTS = threading.Lock()


@dataclass(frozen=True)
class SignIn:
    """What became of one sign-in attempt."""

    ok: bool
    locked_until: datetime | None = None  # set when refused because the name is locked


def sign_in(
    con: duckdb.DuckDBPyConnection,
    username: str,
    check_password: Callable[[], bool],
    now: datetime,
) -> SignIn:
    """One sign-in attempt: refused while the name is locked; otherwise counted as a failure
    *before* `check_password` runs, so parallel tries cannot get past the lockout, and as a
    success once it returns True."""
    key = _key(username)
    if len(key) > MAX_USERNAME_LENGTH:
        return SignIn(False)
    with _ATTEMPTS:
        until = locked_until(con, key, now)
        if until is not None:
            return SignIn(False, until)
        _record(con, key, False, now)
    if not check_password():
        return SignIn(False)
    # At the same time as the failure counted above: a success clears the failures up to it.
    record_attempt(con, key, True, now)
    return SignIn(True)


def locked_until(con: duckdb.DuckDBPyConnection, username: str, now: datetime) -> datetime | None:
    """When the user name may try again, if LOCKOUT_ATTEMPTS failures within LOCKOUT_MINUTES
    locked it (any name, existing or not, so the lock reveals nothing); else None."""
    window = timedelta(minutes=LOCKOUT_MINUTES)
    failures = list(
        queries.read(con, "login_failures", username=_key(username), since=now - 2 * window)[
            "attempted_at"
        ]
    )
    # The newest failure that completes a run of N failures within the window starts the lock.
    for index in range(len(failures) - LOCKOUT_ATTEMPTS + 1):
        newest, oldest = failures[index], failures[index + LOCKOUT_ATTEMPTS - 1]
        if newest - oldest <= window:
            until = newest.to_pydatetime() + window
            return until if until > now else None
    return None


def record_attempt(
    con: duckdb.DuckDBPyConnection, username: str, succeeded: bool, now: datetime
) -> None:
    """Remember a login attempt (in the database, so a lock survives a restart) and forget those
    too old to matter; a name longer than MAX_USERNAME_LENGTH is not stored."""
    key = _key(username)
    if len(key) > MAX_USERNAME_LENGTH:
        return
    with _ATTEMPTS:
        _record(con, key, succeeded, now)


def _record(con: duckdb.DuckDBPyConnection, key: str, succeeded: bool, now: datetime) -> None:
    # Attempts are not data: the data version stays, so a sign-in flushes no cached result and
    # cannot conflict with an upload's transaction.
    with db.transaction(con, bump_version=False) as tx:
        queries.write(tx, "prune_login_attempts", before=now - KEEP_ATTEMPTS)
        queries.write(
            tx, "record_login_attempt", username=key, attempted_at=now, succeeded=succeeded
        )


def revoke_sessions(con: duckdb.DuckDBPyConnection, username: str, now: datetime) -> None:
    """Every session and login cookie of the user begun until `now` stops counting (at logout,
    and when an admin changes their role, password or account, or they change their password)."""
    with db.transaction(con, bump_version=False) as tx:
        queries.write(tx, "revoke_sessions", username=_key(username), valid_after=now)


def token_is_valid(
    con: duckdb.DuckDBPyConnection, token: dict, expiry_days: float, now: datetime
) -> bool:
    """A decoded login token counts if it expires no later than a token issued now would, and
    was issued after the user last logged out."""
    try:
        expires = datetime.fromtimestamp(float(token["exp_date"]))
        username = str(token["username"])
    except (KeyError, TypeError, ValueError):
        return False
    lifetime = timedelta(days=expiry_days)
    if expires <= now or expires > now + lifetime + CLOCK_SKEW:
        return False  # expired, or minted with a longer life than we give
    return session_is_current(con, username, issued=expires - lifetime)


def session_is_current(con: duckdb.DuckDBPyConnection, username: str, issued: datetime) -> bool:
    """Whether a session or login cookie of the user begun at `issued` still counts: nothing
    ended the user's sessions since. One small query, cheap enough for every page run."""
    valid_after = queries.value(con, "sessions_valid_after", username=_key(username))
    return valid_after is None or issued > valid_after


def _key(username: str) -> str:
    # The library lower-cases and trims the name it signs in with: count attempts the same way.
    return (username or "").strip().lower()
