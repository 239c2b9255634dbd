"""Erasure that lasts: an erased person's e-mail is remembered as a salted hash, so the next
export of a survey, Slack workspace or meeting that still holds them does not quietly bring them
back. Their rows are left out of the upload, each named in its validation report as a warning
(the rest of the file loads: refusing it would block every later export of that survey).

The salt is random per installation and kept in the database, so the hashes say nothing about
e-mails elsewhere and travel with the database (and its backups).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

import duckdb

from chatr import queries

if TYPE_CHECKING:  # admin erases through this module: it need not load the parsers
    from chatr.ingest import ParsedUpload

# Staged tables holding an e-mail, in the order their rows go: a Slack user's messages before
# the user, since the messages are found through the user's e-mail.
SCREENED_TABLES = (
    "staged_baseline",
    "staged_pilot_response",
    "staged_likert",
    "staged_feedback",
    "staged_slack_message",
    "staged_slack_member",
    "staged_attendee",
)
# The tables whose rows a person sees as the file's rows, first found first: the rows left out
# are named from it (a pilot file's Likert and feedback rows are the same rows, split up).
ROW_TABLES = ("staged_baseline", "staged_pilot_response", "staged_feedback")
LEFT_OUT = (
    "This person asked for their data to be erased, so this row was left out and the rest of "
    "the file loaded. To stop it coming back with every export, delete their response in the "
    "survey tool too."
)


def salt(con: duckdb.DuckDBPyConnection) -> str | None:
    """The installation's salt for erased e-mails; None until the first erasure."""
    return queries.value(con, "erasure_salt")


def remember(tx: duckdb.DuckDBPyConnection, email: str) -> None:
    """Inside the erasure's transaction: remember the e-mail as erased, as a salted hash only
    (the salt is made now if this is the installation's first erasure)."""
    queries.write(tx, "create_erasure_salt", salt=secrets.token_hex(32))
    installation_salt = str(queries.read_in(tx, "erasure_salt")["salt"].iloc[0])
    queries.write(tx, "remember_erased_email", salt=installation_salt, email=email)


def leave_out_erased(cursor: duckdb.DuckDBPyConnection, parsed: ParsedUpload) -> None:
    """Remove from an upload's staged rows (temp tables of `cursor`) everyone whose e-mail was
    erased, with a warning in its report naming each row left out."""
    staged = set(parsed.staged.values())
    installation_salt = salt(cursor) if staged else None
    if installation_salt is None:
        return  # nothing was ever erased: nothing to look for
    removed = {
        table: queries.write(cursor, f"leave_out_erased_{table}", salt=installation_salt)
        for table in SCREENED_TABLES
        if table in staged
    }
    rows_table = next((table for table in ROW_TABLES if table in removed), None)
    if rows_table is not None:
        rows = sorted({row for (row,) in removed[rows_table]})
        for row in rows:
            parsed.warn(LEFT_OUT, row=row, column="email")
        parsed.n_rows_staged -= len(removed[rows_table])
    for table, who in (("staged_slack_member", "Slack user"), ("staged_attendee", "attendee")):
        if n := len(removed.get(table, ())):
            parsed.warn(
                f"Left out {n} {who}{'s' if n != 1 else ''} whose data was erased on request"
                + (" (and their messages)" if table == "staged_slack_member" else "")
                + "; the rest of the file loaded."
            )
