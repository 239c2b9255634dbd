"""Users, roles and secrets of an installation (no Streamlit here: the CLI uses it too).

Users live in `CHATR_HOME/credentials.yaml` with bcrypt hashes, so `python -m chatr users add`
works while the app holds the database. Roles are enforced by our code, never by the library.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import yaml

from chatr import paths

ROLES: tuple[str, ...] = ("viewer", "lead", "admin")

# What each role may do (DESIGN §5). Pages and exports ask `can(role, permission)`.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view_aggregates": frozenset(ROLES),
    "see_personal_data": frozenset({"lead", "admin"}),
    "upload": frozenset({"lead", "admin"}),
    "edit_plan": frozenset({"lead", "admin"}),
    "manage_users": frozenset({"admin"}),
}

COOKIE_NAME = "chatr_auth"
COOKIE_EXPIRY_DAYS = 1.0
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
# A bcrypt hash of a random string nobody knows, at the cost of ours (bcrypt.gensalt()'s 12):
# a name with no active account is checked against it, so it is refused as slowly as a wrong
# password and the time taken does not tell which names exist.
_DUMMY_HASH = b"$2b$12$a/1uhFZP12x4xBznX6Ceie8INFkpLUosKi1.FpYgUHpD3dzGRiSxK"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    email: str
    role: str


def can(role: str | None, permission: str) -> bool:
    """Whether `role` has `permission` (unknown roles have none)."""
    return role in PERMISSIONS[permission]


def load_credentials(path: Path | None = None) -> dict:
    """The credentials in streamlit-authenticator's shape: {'usernames': {name: {...}}}."""
    path = path or paths.credentials_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {"usernames": {}}
    # Every page run reads them: parse the file again only when it has been replaced (each
    # write is a new file) or changed; callers get their own copy to change.
    data = copy.deepcopy(_parsed(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)) or {}
    data.setdefault("usernames", {})
    return data


@functools.lru_cache(maxsize=4)
def _parsed(path: str, inode: int, mtime_ns: int, size: int) -> dict | None:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def get_user(username: str, path: Path | None = None) -> User | None:
    """The user with this name, or None (also for a disabled account)."""
    entry = load_credentials(path)["usernames"].get(username)
    if not entry or entry.get("disabled"):
        return None
    return User(username, entry.get("name", ""), entry.get("email", ""), entry["roles"][0])


def add_user(username: str, role: str, name: str, email: str, password: str) -> User:
    """Create a user with a bcrypt-hashed password; ValueError (for a person) if not valid."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise ValueError("User name: 2-40 characters, lower-case letters, digits, '.', '_' or '-'.")
    if role not in ROLES:
        raise ValueError(f"Role must be one of {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if "@" not in email:
        raise ValueError("E-mail must be an address like name@example.org.")
    credentials = load_credentials()
    if username in credentials["usernames"]:
        raise ValueError(f"User {username} already exists.")
    credentials["usernames"][username] = {
        "name": name.strip(),
        "email": email.strip().lower(),
        "password": hash_password(password),
        "roles": [role],
    }
    _write_private(paths.credentials_path(), yaml.safe_dump(credentials, sort_keys=True))
    return User(username, name.strip(), email.strip().lower(), role)


def active_credentials() -> dict:
    """The credentials without disabled accounts: what the login form may accept."""
    credentials = load_credentials()
    credentials["usernames"] = {
        name: entry for name, entry in credentials["usernames"].items() if not entry.get("disabled")
    }
    return credentials


def users() -> list[dict]:
    """Every account: username, name, email, role, disabled (never the password hash)."""
    return [
        {
            "username": name,
            "name": entry.get("name", ""),
            "email": entry.get("email", ""),
            "role": entry["roles"][0],
            "disabled": bool(entry.get("disabled")),
        }
        for name, entry in sorted(load_credentials()["usernames"].items())
    ]


def update_user(username: str, *, role: str | None = None, disabled: bool | None = None) -> None:
    """Change an account's role or disable / enable it; ValueError (for a person) if invalid."""
    credentials = load_credentials()
    entry = credentials["usernames"].get(username)
    if entry is None:
        raise ValueError(f"There is no user {username}.")
    if role is not None:
        if role not in ROLES:
            raise ValueError(f"Role must be one of {', '.join(ROLES)}.")
        entry["roles"] = [role]
    if disabled is not None:
        entry["disabled"] = disabled
    _write_private(paths.credentials_path(), yaml.safe_dump(credentials, sort_keys=True))


def set_password(username: str, password: str) -> None:
    """Give an account a new password (bcrypt-hashed)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    credentials = load_credentials()
    if username not in credentials["usernames"]:
        raise ValueError(f"There is no user {username}.")
    credentials["usernames"][username]["password"] = hash_password(password)
    _write_private(paths.credentials_path(), yaml.safe_dump(credentials, sort_keys=True))


def is_active(username: str) -> bool:
    """Whether an account of this name, taken as the login form takes it (trimmed,
    lower-cased), exists and is not disabled."""
    return get_user((username or "").strip().lower()) is not None


def dummy_password_check(password: str) -> None:
    """Spend one bcrypt check's time, as checking a real password would."""
    bcrypt.checkpw(password.encode(), _DUMMY_HASH)


def check_password(username: str, password: str) -> bool:
    """Whether the password is the account's current one."""
    entry = load_credentials()["usernames"].get(username)
    return bool(entry) and bcrypt.checkpw(password.encode(), entry["password"].encode())


def hash_password(password: str) -> str:
    """A bcrypt hash of the password."""
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def random_password() -> str:
    """A new random password (for a first admin), different in every installation."""
    return secrets.token_urlsafe(12)


def cookie_secret() -> str:
    """The installation's cookie-signing key, created randomly the first time it is needed."""
    path = paths.cookie_secret_path()
    if not path.exists():
        _write_private(path, secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, atomically (a half-written file never shows)."""
    paths.make_private_dir(path.parent)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def rotate_cookie_secret() -> None:
    """Replace the installation's cookie-signing key: every login cookie stops working."""
    _write_private(paths.cookie_secret_path(), secrets.token_hex(32))
