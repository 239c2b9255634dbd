"""Backups: taken from the running app's own connection, consistent while other sessions write,
private to their owner, and restored (app stopped) to the same figures; `chatr backup` and
`chatr restore` refuse plainly what they cannot do."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

import duckdb
import pytest

from chatr import backup, db, figures, upload
from chatr.filters import Filters
from tests.unit.test_auth_and_cli import HOLD_THE_DATABASE, cli


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_taken_while_another_session_writes_restores_to_the_same_figures(
    fresh_con, tmp_path
):
    database = tmp_path / "chatr.duckdb"
    expected = figures.figures(fresh_con, Filters())
    other_session = fresh_con.cursor()  # a write in flight, not yet committed
    other_session.execute("begin transaction")
    other_session.execute("delete from baseline_response")
    other_session.execute("delete from pilot_rating")
    target = tmp_path / "backups" / "chatr-backup.duckdb"
    backup.write_backup(fresh_con, target, made_by="the_admin")
    other_session.execute("rollback")
    other_session.close()
    assert target.is_file() and _mode(target) == 0o600
    assert list(tmp_path.joinpath("backups").iterdir()) == [target]  # no temporary left over
    baseline = int(upload.history(fresh_con).query("kind == 'baseline'")["batch_id"].iloc[0])
    upload.undo(fresh_con, baseline, undone_by="the_admin")  # a change after the backup
    assert figures.figures(fresh_con, Filters()) != expected
    fresh_con.close()
    message = backup.restore(target, database)
    assert "restored" in message.lower()
    restored = db.connect(database)
    try:
        assert figures.figures(restored, Filters()) == expected
    finally:
        restored.close()
    assert _mode(database) == 0o600


def test_the_backup_for_download_is_the_same_database(fresh_con, tmp_path):
    data = backup.backup_bytes(fresh_con, made_by="the_admin")
    copy = tmp_path / "downloaded.duckdb"
    copy.write_bytes(data)
    other = duckdb.connect(str(copy), read_only=True)
    try:
        assert other.execute("select count(*) from baseline_response").fetchall() == (
            fresh_con.execute("select count(*) from baseline_response").fetchall()
        )
    finally:
        other.close()
    log = fresh_con.execute("select actor, action from audit_log").fetchall()
    assert log == [("the_admin", "download backup")]


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"email,kind,text\n", "not a chatr backup"), (None, "not a chatr backup")],
)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, content, words):
    source = tmp_path / "not-a-backup.duckdb"
    if content is None:  # a DuckDB database, but not the dashboard's
        duckdb.connect(str(source)).close()
    else:
        source.write_bytes(content)
    database = tmp_path / "home" / "chatr.duckdb"
    database.parent.mkdir()
    database.write_bytes(b"the current database")
    with pytest.raises(ValueError, match=words):
        backup.restore(source, database)
    assert database.read_bytes() == b"the current database"
    assert sorted(p.name for p in database.parent.iterdir()) == ["chatr.duckdb"]


@pytest.fixture
def cli_home(tmp_path):
    home = tmp_path / "home"
    assert cli(home, "init", "--demo").returncode == 0
    return home


def test_cli_backup_change_restore_gives_the_same_figures(cli_home, tmp_path):
    expected = json.loads(cli(cli_home, "figures").stdout)
    target = tmp_path / "nightly.duckdb"
    made = cli(cli_home, "backup", str(target))
    assert made.returncode == 0, made.stderr
    assert _mode(target) == 0o600 and str(target) in made.stdout
    again = cli(cli_home, "backup", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert cli(cli_home, "undo", "3", "--by", "someone").returncode == 0
    assert json.loads(cli(cli_home, "figures").stdout) != expected
    restored = cli(cli_home, "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    assert json.loads(cli(cli_home, "figures").stdout) == expected
    assert cli(cli_home, "restore", str(tmp_path / "missing.duckdb")).returncode == 2


def test_cli_restore_refuses_while_the_app_holds_the_database(cli_home, tmp_path):
    target = tmp_path / "b.duckdb"
    assert cli(cli_home, "backup", str(target)).returncode == 0
    before = (cli_home / "chatr.duckdb").read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_DATABASE, str(cli_home / "chatr.duckdb")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        refused = cli(cli_home, "restore", str(target))
        assert refused.returncode == 1
        assert "in use" in refused.stderr and "Traceback" not in refused.stderr
        made = cli(cli_home, "backup", str(tmp_path / "c.duckdb"))
        assert made.returncode == 1 and "Admin page" in made.stderr
    finally:
        holder.kill()
        holder.wait()
    assert (cli_home / "chatr.duckdb").read_bytes() == before


def test_cli_restore_refuses_a_file_that_is_not_a_backup(cli_home, tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("not a database")
    refused = cli(cli_home, "restore", str(source))
    assert refused.returncode == 1 and "not a chatr backup" in refused.stderr
    assert "Traceback" not in refused.stderr
