"""Sign-in security in our own code: a lockout that works, and login cookies that really end.

streamlit-authenticator's cookie is a signed token holding only the user name and an expiry.
On its own, a token copied before logout still logs in afterwards, and one minted with a longer
expiry is accepted; these checks close both. Every function takes `now`, so tests set the clock.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import duckdb

from chatr import db, queries

LOCKOUT_ATTEMPTS = int(os.environ.get("CHATR_LOCKOUT_ATTEMPTS", "5"))
LOCKOUT_MINUTES = int(os.environ.get("CHATR_LOCKOUT_MINUTES", "15"))
CLOCK_SKEW = timedelta(minutes=2)  # tolerance between the token's clock and ours


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
    """Remember a login attempt (in the database, so a lock survives a restart)."""
    with db.transaction(con) as tx:
        queries.write(
            tx, "record_login_attempt", username=_key(username), attempted_at=now,
            succeeded=succeeded,
        )  # fmt: skip


def revoke_sessions(con: duckdb.DuckDBPyConnection, username: str, now: datetime) -> None:
    """At logout: every login cookie of the user issued until now stops counting."""
    with db.transaction(con) as tx:
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
    issued = expires - lifetime
    revoked = queries.read(con, "sessions_valid_after", username=_key(username))
    return revoked.empty or issued > revoked["valid_after"].iloc[0].to_pydatetime()


def _key(username: str) -> str:
    # The library lower-cases and trims the name it signs in with: count attempts the same way.
    return (username or "").strip().lower()
