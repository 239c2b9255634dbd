"""The process's DuckDB connection and results cached until the data changes."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from chatr import db, paths

T = TypeVar("T")


def connection():
    """The process's one DuckDB connection (pages take a cursor per query through chatr)."""
    return _connection(str(paths.database_path()))


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    # Keyed on the path, so a process (a test) can serve more than one instance.
    return db.connect(Path(path))


@st.cache_data(ttl=600, max_entries=512, show_spinner=False)
def _cached(_function: Callable[..., T], name: str, database: str, version: int, *args: Any) -> T:
    # The function is not hashable by Streamlit: its qualified name stands in for it. The
    # database path is in the key too: two instances can be at the same data version.
    return _function(_connection(database), *args)


def cached(function: Callable[..., T], *args: Any) -> T:
    """function(connection, *args), cached until the data changes (keyed on the data version)."""
    return _cached(function, *_key(function), *args)


@st.cache_resource(ttl=600, max_entries=128, show_spinner=False)
def _shared(_function: Callable[..., T], name: str, database: str, version: int, *args: Any) -> T:
    return _function(_connection(database), *args)


def cached_figures(function: Callable[..., T], *args: Any) -> T:
    """As `cached`, for results holding Plotly figures (slides, decks): kept as they are, not
    pickled, since rebuilding a figure from a pickle re-validates it (~5 ms a figure on every
    run). Every session gets the same objects: draw them, never change them."""
    return _shared(function, *_key(function), *args)


def _key(function: Callable) -> tuple[str, str, int]:
    """The function's qualified name, the database and its data version: a cache key."""
    database = str(paths.database_path())
    name = f"{function.__module__}.{function.__qualname__}"
    return name, database, db.data_version(_connection(database))


def data_version() -> int:
    """The data version of this instance's database (changes with every write)."""
    return db.data_version(connection())


# What was read from a figure (its table, its name for screen readers), while the figure lives:
# an entry goes with its figure, so a figure drawn once is not kept, and an id never answers for
# a later figure at the same address.
_READ: dict[tuple[int, str], tuple[weakref.ref, Any]] = {}
_READ_LOCK = threading.Lock()


def from_figure(function: Callable[[Any], T], figure: Any) -> T:
    """function(figure), remembered for that figure object: the figures `cached_figures` keeps
    are drawn on every run of every session, and what is read from them need not be worked out
    each time (a sixth of a warm System baseline run). Only for functions that read the figure."""
    key = (id(figure), f"{function.__module__}.{function.__qualname__}")
    with _READ_LOCK:
        found = _READ.get(key)
    if found is not None and found[0]() is figure:
        return found[1]
    value = function(figure)
    with _READ_LOCK:
        _READ[key] = (weakref.ref(figure), value)
    weakref.finalize(figure, _forget_read, key)
    return value


def _forget_read(key: tuple[int, str]) -> None:
    with _READ_LOCK:
        _READ.pop(key, None)


def clear_cached() -> None:
    """Forget every cached result (`cached` and `cached_figures`), as after a restart."""
    _cached.clear()
    _shared.clear()
    with _READ_LOCK:
        _READ.clear()
