"""Named SQL queries loaded from `queries/*.sql`, run with bound parameters only.

Each file holds one query: a `-- name: query_name(param, ...)` header, a comment saying what
comes out, then the SQL. Values are always bound (`$param`); they never enter the SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import duckdb

from chatr.paths import QUERY_DIR

if TYPE_CHECKING:  # pandas is imported by DuckDB when a DataFrame is asked for: `chatr load`
    import pandas as pd  # never asks, and starts 0.7 s and 85 MB lighter without it

_HEADER = re.compile(r"^--\s*name:\s*(\w+)\((.*?)\)\s*$")


@dataclass(frozen=True)
class Query:
    name: str
    params: tuple[str, ...]
    sql: str


@cache
def load(name: str) -> Query:
    """The query `queries/<name>.sql`, with the parameters its header declares."""
    path = QUERY_DIR / f"{name}.sql"
    text = path.read_text(encoding="utf-8")
    match = _HEADER.match(text.splitlines()[0])
    if not match or match.group(1) != name:
        raise ValueError(f"{path}: first line must be '-- name: {name}(params)'")
    params = tuple(p.strip() for p in match.group(2).split(",") if p.strip())
    return Query(name, params, text)


def _bind(query: Query, params: dict[str, Any]) -> dict[str, Any]:
    missing = set(query.params) - set(params)
    if missing:
        raise TypeError(f"query {query.name} needs parameters {sorted(missing)}")
    # DuckDB refuses parameters a statement does not use: pass only the declared ones.
    return {name: params[name] for name in query.params}


def read(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run a read-only query on its own cursor and return its rows as a DataFrame."""
    query = load(name)
    cursor = con.cursor()
    try:
        return cursor.execute(query.sql, _bind(query, params)).df()
    finally:
        cursor.close()


def first_row(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> dict[str, Any] | None:
    """Run a read-only query on its own cursor and return its first row by column name (None
    if no row): no DataFrame, so no pandas, for a single row."""
    query = load(name)
    cursor = con.cursor()
    try:
        result = cursor.execute(query.sql, _bind(query, params))
        rows = result.fetchall()
        columns = [column[0] for column in result.description]
    finally:
        cursor.close()
    return dict(zip(columns, rows[0], strict=True)) if rows else None


def value(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    """Run a read-only query on its own cursor and return its first row's first value (None
    if no row): no DataFrame for a single value."""
    query = load(name)
    cursor = con.cursor()
    try:
        row = cursor.execute(query.sql, _bind(query, params)).fetchone()
    finally:
        cursor.close()
    return None if row is None else row[0]


def write(tx: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[tuple]:
    """Run a statement on `tx` itself (joining its open transaction); the rows it returns."""
    query = load(name)
    return tx.execute(query.sql, _bind(query, params)).fetchall()


def read_in(tx: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run a query on `tx` itself, so it sees that transaction's uncommitted rows."""
    query = load(name)
    return tx.execute(query.sql, _bind(query, params)).df()
