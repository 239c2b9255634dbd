"""The DuckDB file: opening it, creating the schema, and all-or-nothing transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from chatr import paths, queries
from chatr.reference import LIFE_STAGES


class DatabaseLocked(RuntimeError):
    """Another process (usually the running app) holds the database file."""


def connect(path: Path | None = None, *, create: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the instance's database (one connection per process; take a cursor per query)."""
    path = path or paths.database_path()
    if not create and not path.exists():
        raise FileNotFoundError(
            f"No database at {path}. Create it with: python -m chatr init --demo"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
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
    apply_schema(con)
    return con


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table: `queries/schema.sql`, the reference lists, then each feature's
    `queries/schema_*.sql`."""
    queries.write(con, "schema")
    queries.write(con, "seed_life_stages", life_stages=list(LIFE_STAGES))
    for path in sorted(paths.QUERY_DIR.glob("schema_*.sql")):
        queries.write(con, path.stem)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor inside one transaction: committed if the block ends, rolled back if it raises."""
    tx = con.cursor()
    tx.execute("begin transaction")
    try:
        yield tx
        queries.write(tx, "bump_data_version")
    except BaseException:
        tx.execute("rollback")
        tx.close()
        raise
    tx.execute("commit")
    tx.close()


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes whenever data changes, used to key cached query results."""
    return int(queries.value(con, "data_version"))
