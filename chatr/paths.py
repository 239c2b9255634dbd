"""Where things live: the repository's folders and the instance folder (CHATR_HOME)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY_DIR = ROOT / "queries"
DEMO_DIR = ROOT / "data"


def instance_dir() -> Path:
    """The instance folder from CHATR_HOME (default `instance/` in the repository)."""
    home = os.environ.get("CHATR_HOME") or str(ROOT / "instance")
    return Path(home).expanduser().resolve()


def database_path() -> Path:
    """The DuckDB file of this installation."""
    return instance_dir() / "chatr.duckdb"


def credentials_path() -> Path:
    """The YAML file of users and bcrypt password hashes."""
    return instance_dir() / "credentials.yaml"


def cookie_secret_path() -> Path:
    """The random key that signs login cookies, made once per installation."""
    return instance_dir() / "cookie_secret"
