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


def make_private_dir(folder: Path) -> Path:
    """The folder, created (with its parents) if missing as readable by its owner only (0700):
    it holds the database, password hashes and the cookie key."""
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)  # mkdir's mode passes through the umask
    return folder


def database_path() -> Path:
    """The DuckDB file of this installation."""
    return instance_dir() / "chatr.duckdb"


def credentials_path() -> Path:
    """The YAML file of users and bcrypt password hashes."""
    return instance_dir() / "credentials.yaml"


def cookie_secret_path() -> Path:
    """The random key that signs login cookies, made once per installation."""
    return instance_dir() / "cookie_secret"
