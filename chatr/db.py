"""The DuckDB file: opening it, creating the schema, and all-or-nothing transactions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from chatr import paths, queries
from chatr.reference import LIFE_STAGES

# DuckDB runs a query outside Python's lock: a page's independent queries can overlap.
_QUERY_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="chatr-query")


def all_at_once(*calls: Callable[[], Any]) -> list[Any]:
    """The results of the calls, run at the same time on the query threads (each must take its
    own cursor, as chatr.queries does); the first error raised, if any."""
    return [future.result() for future in [_QUERY_THREADS.submit(call) for call in calls]]


class DatabaseLocked(RuntimeError):
    """Another process (usually the running app) holds the database file."""


def connect(path: Path | None = None, *, create: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the instance's database (one connection per process; take a cursor per query)."""
    path = path or paths.database_path()
    if not create and not path.exists():
        raise FileNotFoundError(
            f"No database at {path}. Create it with: python -m chatr init --demo"
        )
    paths.make_private_dir(path.parent)
    is_new = not path.exists()
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise DatabaseLocked(
                f"The database {path} is in use by another process, usually the running "
                "dashboard. Stop the app (Ctrl+C where `make run` runs) or upload through "
                "the Upload page instead."
            ) from error
        raise
    if is_new:
        path.chmod(0o600)  # personal data: DuckDB creates the file as the umask allows
    apply_schema(con)
    return con


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table: survey_wave, `queries/schema.sql`, the reference lists, then each
    feature's `queries/schema_*.sql`. A database made before survey waves is migrated on the
    way, in one transaction: its baseline responses become wave 1; and one made before the
    pilot follow-up gets rating tables that admit it."""
    if queries.value(con, "baseline_needs_waves"):
        with transaction(con, bump_version=False) as tx:
            _create_schema(tx, migrate_waves=True)
    else:
        _create_schema(con, migrate_waves=False)
    if queries.value(con, "pilot_tables_without_months_later"):
        # Made before the pilot follow-up: its phase check refuses 'months_later', and DuckDB
        # cannot alter a CHECK, so both rating tables are rebuilt, all or nothing.
        with transaction(con, bump_version=False) as tx:
            queries.write(tx, "rebuild_pilot_rating")


def _create_schema(con: duckdb.DuckDBPyConnection, *, migrate_waves: bool) -> None:
    queries.write(con, "create_survey_wave")
    if migrate_waves:
        queries.write(con, "migrate_baseline_waves_start")
    queries.write(con, "schema")
    queries.write(con, "seed_life_stages", life_stages=list(LIFE_STAGES))
    for path in sorted(paths.QUERY_DIR.glob("schema_*.sql")):
        queries.write(con, path.stem)
    if migrate_waves:
        queries.write(con, "migrate_baseline_waves_finish")
        queries.write(con, "refresh_baseline_cube")


@contextmanager
def transaction(
    con: duckdb.DuckDBPyConnection, *, bump_version: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor inside one transaction: committed if the block ends, rolled back if it raises.

    bump_version=False for bookkeeping that no page's figures depend on (sign-in attempts,
    session revocations): bumping would flush every user's cached results, and two transactions
    bumping at once conflict, so a sign-in could make an upload fail."""
    tx = con.cursor()
    try:
        with transaction_on(tx, bump_version=bump_version):
            yield tx
    finally:
        tx.close()


@contextmanager
def transaction_on(
    cursor: duckdb.DuckDBPyConnection, *, bump_version: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction on a cursor the caller already holds (and closes), so the temp tables it
    made before, outside any transaction, are still there: an upload is staged that way, where
    a failing probe cannot abort the load. Committed if the block ends, rolled back if it raises."""
    cursor.execute("begin transaction")
    try:
        yield cursor
        if bump_version:
            queries.write(cursor, "bump_data_version")
    except BaseException:
        cursor.execute("rollback")
        raise
    cursor.execute("commit")


def checkpoint(con: duckdb.DuckDBPyConnection, attempts: int = 5, wait_s: float = 0.2) -> bool:
    """Write what is committed into the database file itself (after an erasure: the erased rows
    leave the file and its write-ahead log now); tried again, waiting longer each time, while
    another transaction is in the way. Whether it was written."""
    for attempt in range(attempts):
        cursor = con.cursor()  # a cursor of its own: the connection is shared by sessions
        try:
            cursor.execute("checkpoint")
            return True
        except duckdb.Error:
            if attempt + 1 < attempts:
                time.sleep(wait_s * 2**attempt)
        finally:
            cursor.close()
    return False


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes whenever data changes, used to key cached query results."""
    return int(queries.value(con, "data_version"))
