"""Backups of the database: a copy taken through the running app's own connection (the Admin
page, `chatr backup`), and a copy put back in its place while the app is stopped
(`chatr restore`).

A backup is the database only, as one DuckDB file: not the users and passwords
(credentials.yaml) nor the cookie key. It holds personal data, and keeps holding anyone erased
after it was made, until it is deleted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from datetime import date, datetime
from pathlib import Path

import duckdb

from chatr import admin, db

# A database is a chatr backup when it has these tables (a copy of chatr.duckdb made with the
# app stopped counts too).
REQUIRED_TABLES = ("upload_batch", "person", "baseline_response", "cohort", "data_version")


def file_name(today: date | None = None) -> str:
    """The name a downloaded backup is given, e.g. chatr-backup-2026-11-28.duckdb."""
    return f"chatr-backup-{(today or date.today()).isoformat()}.duckdb"


def write_backup(con: duckdb.DuckDBPyConnection, target: Path, *, made_by: str) -> Path:
    """Write a backup to `target`, a new file readable by its owner only; the path written.
    ValueError if `target` exists (a backup never replaces a file)."""
    if target.exists():
        raise ValueError(f"{target} already exists: give the backup a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    admin.audit(con, made_by, "write backup", "database", str(target))
    # Made in a private folder next to the target, then linked into place: never a half-written
    # or world-readable file at `target`, and never over a file that appeared meanwhile.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".chatr-backup-") as work:
        copy = Path(work) / "backup.duckdb"
        _copy_database(con, copy)
        try:
            os.link(copy, target)
        except FileExistsError:
            raise ValueError(f"{target} already exists: give the backup a new file name.") from None
    return target


def backup_bytes(con: duckdb.DuckDBPyConnection, *, made_by: str) -> bytes:
    """A backup as bytes, for the Admin page's download."""
    admin.audit(con, made_by, "download backup", "database")
    with tempfile.TemporaryDirectory(prefix="chatr-backup-") as work:
        copy = Path(work) / "backup.duckdb"
        _copy_database(con, copy)
        return copy.read_bytes()


def _copy_database(con: duckdb.DuckDBPyConnection, copy: Path) -> None:
    """Copy every table, view, sequence and macro into a new DuckDB file at `copy` (mode 600).

    The copy reads in one transaction, on a cursor of the app's connection: DuckDB's snapshot
    isolation gives it the database as at one instant, so an upload or erasure committing
    meanwhile is wholly in the backup or wholly not, and the app goes on meanwhile."""
    alias = f"chatr_backup_{uuid.uuid4().hex}"  # ours, never input: safe in the SQL text
    cursor = con.cursor()
    try:
        source = cursor.execute("select current_database()").fetchall()[0][0]
        cursor.execute(f"attach {_literal(str(copy))} as {alias}")
        try:
            cursor.execute("begin transaction")
            try:
                cursor.execute(f"copy from database {_identifier(source)} to {alias}")
            except BaseException:
                cursor.execute("rollback")
                raise
            cursor.execute("commit")
            cursor.execute(f"checkpoint {alias}")  # everything in the one file, no WAL
        finally:
            cursor.execute(f"detach {alias}")
    finally:
        cursor.close()
    if copy.with_name(f"{copy.name}.wal").exists():  # a copy only whole with its WAL: refuse it
        raise RuntimeError("The backup could not be written in one file; try again.")
    copy.chmod(0o600)


def restore(source: Path, database: Path) -> str:
    """Put the backup `source` in place of `database`, keeping the replaced file next to it;
    what was done, for a person to read. ValueError if `source` is not a chatr backup,
    db.DatabaseLocked if the app (or another process) holds the database."""
    database.parent.mkdir(parents=True, exist_ok=True)
    work = database.with_name(f".restore-{uuid.uuid4().hex}.duckdb")
    try:
        shutil.copyfile(source, work)
        work.chmod(0o600)
        _check_backup(work, source)
        _check_not_in_use(database)
        kept = None
        if database.exists():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = database.with_name(f"{database.name}.replaced-{stamp}")
            os.replace(database, kept)
        os.replace(work, database)
    finally:
        work.unlink(missing_ok=True)
    db.connect(database).close()  # brings a backup made by an older release up to date
    said = f"Restored {source} as {database}."
    if kept is not None:
        said += (
            f" The database it replaced is kept as {kept}: delete it once you have checked the "
            "restored data (it still holds everything the replaced database held)."
        )
    return said


def _check_backup(path: Path, source: Path) -> None:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        raise ValueError(
            f"{source} is not a chatr backup (not a DuckDB database): nothing was changed."
        ) from None
    try:
        found = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    finally:
        con.close()
    missing = [t for t in REQUIRED_TABLES if t not in found]
    if missing:
        raise ValueError(
            f"{source} is not a chatr backup (a DuckDB database without the tables "
            f"{', '.join(missing)}): nothing was changed."
        )


def _check_not_in_use(database: Path) -> None:
    if not database.exists():
        return
    try:
        duckdb.connect(str(database)).close()
    except duckdb.Error as error:
        if "lock" in str(error).lower():
            raise db.DatabaseLocked(
                f"The database {database} is in use by another process, usually the running "
                "dashboard: stop the app (Ctrl+C where `make run` runs), then restore. "
                "Nothing was changed."
            ) from error
        # Any other error: the database is damaged, which is what a restore is for.


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
