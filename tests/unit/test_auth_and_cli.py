"""Users, secrets and the command line, run as a person would (a real subprocess)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import bcrypt
import pytest

from chatr import auth
from tests.conftest import ROOT, demo_respondents, expected_baseline, select


def cli(home, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, CHATR_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "chatr", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli-home")
    result = cli(home, "init", "--demo")
    assert result.returncode == 0, result.stderr
    return home, result.stdout


def test_init_creates_the_instance_with_a_random_first_admin_password(cli_home, tmp_path):
    home, output = cli_home
    assert (home / "chatr.duckdb").exists()
    assert stat.S_IMODE((home / "cookie_secret").stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "credentials.yaml").stat().st_mode) == 0o600
    password = output.split("password:")[1].split()[0]
    stored = auth.load_credentials(home / "credentials.yaml")["usernames"]["admin"]["password"]
    assert bcrypt.checkpw(password.encode(), stored.encode())
    other = cli(tmp_path, "init")
    assert other.stdout.split("password:")[1].split()[0] != password
    assert (tmp_path / "cookie_secret").read_text() != (home / "cookie_secret").read_text()


def test_init_again_keeps_the_data_and_prints_no_password(cli_home):
    home, _ = cli_home
    result = cli(home, "init", "--demo", "--if-missing")
    assert result.returncode == 0 and "password:" not in result.stdout


def test_users_add_reads_the_password_from_stdin(cli_home):
    home, _ = cli_home
    added = cli(
        home,
        "users",
        "add",
        "board1",
        "--role",
        "viewer",
        "--name",
        "Board One",
        "--email",
        "Board1@Example.org",
        "--password-stdin",
        stdin="a long passphrase\n",
    )
    assert added.returncode == 0, added.stderr
    entry = auth.load_credentials(home / "credentials.yaml")["usernames"]["board1"]
    assert entry["roles"] == ["viewer"] and entry["email"] == "board1@example.org"
    assert bcrypt.checkpw(b"a long passphrase", entry["password"].encode())
    again = cli(
        home,
        "users",
        "add",
        "board1",
        "--role",
        "viewer",
        "--name",
        "B",
        "--email",
        "b@example.org",
        "--password-stdin",
        stdin="a long passphrase\n",
    )
    assert again.returncode == 1 and "already exists" in again.stderr


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--role", "viewer", "--name", "X", "--email", "x@example.org"], "at least 10"),
        (["--role", "viewer", "--name", "X", "--email", "not-an-email"], "E-mail"),
    ],
)
def test_users_add_refuses_bad_input(cli_home, args, problem):
    home, _ = cli_home
    stdin = "short\n" if problem == "at least 10" else "long enough pass\n"
    result = cli(home, "users", "add", "someone", *args, "--password-stdin", stdin=stdin)
    assert result.returncode == 1 and problem in result.stderr


def test_unknown_role_is_a_usage_error(cli_home):
    home, _ = cli_home
    result = cli(
        home,
        "users",
        "add",
        "x1",
        "--role",
        "boss",
        "--name",
        "X",
        "--email",
        "x@example.org",
        "--password-stdin",
        stdin="long enough pass\n",
    )
    assert result.returncode == 2


def test_figures_prints_json_for_the_filters(cli_home):
    home, _ = cli_home
    result = cli(home, "figures", "--life-stage", "0-5", "--organisation", "Children's Centre")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    expected = expected_baseline(select(demo_respondents(), ("0-5",), ("Children's Centre",)))
    assert figures["baseline"] == expected
    assert len(figures["cohorts"]) == 10


def test_figures_refuses_an_unknown_filter_value(cli_home):
    home, _ = cli_home
    result = cli(home, "figures", "--life-stage", "teenagers")
    assert result.returncode == 2 and "life stages: Perinatal" in result.stderr


# Another process holding the file, as the running app does.
HOLD_THE_DATABASE = (
    "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
    "time.sleep(30)"
)


def test_a_locked_database_is_explained_without_a_traceback(cli_home):
    home, _ = cli_home
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLD_THE_DATABASE,
            str(home / "chatr.duckdb"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        result = cli(home, "figures")
        assert result.returncode == 1
        assert "in use by another process" in result.stderr and "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_roles_and_permissions():
    assert auth.can("viewer", "view_aggregates") and not auth.can("viewer", "see_personal_data")
    assert auth.can("lead", "upload") and not auth.can("lead", "manage_users")
    assert auth.can("admin", "manage_users")
    assert not auth.can(None, "view_aggregates") and not auth.can("root", "view_aggregates")
