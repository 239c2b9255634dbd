"""Admin work: users and roles, passwords, the audit log, and erasing a person (UK GDPR).

Every change is written to the audit log with who made it; an erasure is logged without the
erased person's personal data.
"""

from __future__ import annotations

import logging
from datetime import datetime

import duckdb
import pandas as pd

from chatr import auth, community_people, db, erasure, queries, security

log = logging.getLogger(__name__)

# Every table that holds rows about a person, child tables first (person last).
PERSON_TABLES = (
    "baseline_submission",
    "baseline_response",
    "pilot_rating_loaded",
    "pilot_rating",
    "likert_answer_loaded",
    "likert_answer",
    "feedback_loaded",
    "feedback",
    "recruitment_mark",
    "person",
)


def audit(
    con: duckdb.DuckDBPyConnection, actor: str, action: str, target: str, detail: str = ""
) -> None:
    """Add an entry to the audit log."""
    with db.transaction(con) as tx:
        queries.write(tx, "record_audit", actor=actor, action=action, target=target, detail=detail)


def audit_log(con: duckdb.DuckDBPyConnection, n_latest: int = 200) -> pd.DataFrame:
    """The latest audit entries, newest first."""
    return queries.read(con, "audit_log", n_latest=n_latest)


def add_user(con, actor: str, username: str, role: str, name: str, email: str) -> str:
    """Create an account with a one-time password; that password (show it once)."""
    password = auth.random_password()
    auth.add_user(username, role, name, email, password)
    audit(con, actor, "add user", username, f"role {role}")
    return password


def set_role(con, actor: str, username: str, role: str) -> None:
    """Change an account's role."""
    _not_yourself(actor, username, "change your own role")
    auth.update_user(username, role=role)
    security.revoke_sessions(con, username, datetime.now())  # they sign in again as the new role
    audit(con, actor, "change role", username, f"role {role}")


def set_disabled(con, actor: str, username: str, disabled: bool) -> None:
    """Disable (no login; existing sessions end at their next page) or enable an account."""
    _not_yourself(actor, username, "disable your own account")
    auth.update_user(username, disabled=disabled)
    security.revoke_sessions(con, username, datetime.now())
    audit(con, actor, "disable user" if disabled else "enable user", username)


def reset_password(con, actor: str, username: str) -> str:
    """Give an account a new random password; that password (show it once)."""
    password = auth.random_password()
    auth.set_password(username, password)
    security.revoke_sessions(con, username, datetime.now())
    audit(con, actor, "reset password", username)
    return password


def change_own_password(con, username: str, current: str, new: str) -> None:
    """A signed-in user changes their password; ValueError (for a person) if refused. Every
    session of theirs ends, this one too: the page keeps it (chatr.ui.session.renew)."""
    if not auth.check_password(username, current):
        raise ValueError("The current password is not right.")
    if new == current:
        raise ValueError("Choose a password different from the current one.")
    auth.set_password(username, new)
    security.revoke_sessions(con, username, datetime.now())
    audit(con, username, "change own password", username)


def erase_person(con: duckdb.DuckDBPyConnection, actor: str, who: str) -> int:
    """Erase everything held about one person, found by e-mail (`who` holds an '@') or else by
    full name, in one transaction, remembering their e-mail (as a salted hash) so that a later
    upload leaves them out; the number of rows removed. ValueError (for a person) if nobody
    matches, or several people have that name."""
    person_id, email = _person(con, who)
    removed = 0
    with db.transaction(con) as tx:
        for table in PERSON_TABLES if person_id is not None else ():
            removed += queries.write(tx, f"erase_{table}", person_id=person_id)[0][0]
        if email:
            removed += community_people.erase(tx, email)
            erasure.remember(tx, email)
        queries.write(tx, "refresh_baseline_cube")  # their answers leave the counts too
        detail = f"{removed} rows removed"
        target = f"person #{person_id}" if person_id is not None else "a Slack or meeting record"
        queries.write(
            tx, "record_audit", actor=actor, action="erase person", target=target, detail=detail,
        )  # fmt: skip
    # Write the deletion into the database file now, not at some later checkpoint.
    if not db.checkpoint(con):
        log.warning("erasure by %s: the checkpoint failed; the next one writes it", actor)
    return removed


def _person(con: duckdb.DuckDBPyConnection, who: str) -> tuple[int | None, str | None]:
    """(person_id, e-mail) of the one person `who` names, by e-mail or by full name; either may
    be None (Slack members and meeting attendees are known by e-mail only, not in `person`)."""
    who = (who or "").strip()
    if "@" in who:
        found = queries.read(con, "person_by_email", email=who)
        if found.empty and not community_people.holds_email(con, who):
            raise ValueError("Nobody with that e-mail is in the data; nothing was changed.")
        return (None if found.empty else int(found.person_id.iloc[0])), who.lower()
    found = queries.read(con, "people_by_name", full_name=who)
    if found.empty:
        raise ValueError(
            f"Nobody called {who} is in the data; nothing was changed. Check the spelling, or "
            "erase by e-mail."
        )
    if len(found) > 1:
        raise ValueError(
            f"{len(found)} people are called {who}: erase by e-mail instead, so that only the "
            "right one goes. Nothing was changed."
        )
    email = found.email.iloc[0]
    return int(found.person_id.iloc[0]), email if isinstance(email, str) else None


def _not_yourself(actor: str, username: str, what: str) -> None:
    if actor == username:
        raise ValueError(f"You cannot {what}: ask another admin.")
