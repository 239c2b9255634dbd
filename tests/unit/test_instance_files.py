"""Who can read the files an installation writes: the instance folder and its database are the
owner's alone, and so is every export, even one written over a file other people could read."""

from __future__ import annotations

import codecs
import os
import shutil
import stat
from pathlib import Path

import pytest

from chatr import export
from chatr.cli import main


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    # The usual umask (022) would leave new folders and files readable by everyone: the code
    # must not count on a stricter one.
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.usefixtures("loose_umask")
def test_init_creates_the_instance_folder_0700_and_the_database_0600(tmp_path, monkeypatch):
    home = tmp_path / "new" / "instance"
    monkeypatch.setenv("CHATR_HOME", str(home))
    assert main(["init"]) == 0
    assert mode(home) == 0o700
    assert mode(home / "chatr.duckdb") == 0o600
    assert mode(home / "credentials.yaml") == mode(home / "cookie_secret") == 0o600


@pytest.fixture
def cli_home(demo_home, tmp_path, monkeypatch) -> Path:
    shutil.copyfile(demo_home / "chatr.duckdb", tmp_path / "chatr.duckdb")
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    return tmp_path


def world_readable(path: Path) -> Path:
    path.write_bytes(b"an older file")
    path.chmod(0o644)
    return path


@pytest.mark.usefixtures("loose_umask")
def test_export_interest_is_written_0600_over_a_readable_file(cli_home):
    out = world_readable(cli_home / "interest.csv")
    assert main(["export-interest", "--out", str(out)]) == 0
    assert mode(out) == 0o600
    assert out.read_bytes().startswith(codecs.BOM_UTF8)  # the list itself, not the old file


@pytest.mark.usefixtures("loose_umask")
@pytest.mark.parametrize("fmt", ["pptx", "pdf"])
def test_report_is_written_0600_over_a_readable_file(cli_home, monkeypatch, fmt):
    from chatr.board import report

    # Drawing the charts (Chromium) is test_report's job: here only the file's mode matters.
    def fake_render(deck, fmt, out, progress=None):
        data = b"a board report"
        if isinstance(out, str | Path):
            Path(out).write_bytes(data)
        else:
            out.write(data)

    monkeypatch.setattr(report, "render", fake_render)
    out = world_readable(cli_home / f"deck.{fmt}")
    assert main(["report", "--format", fmt, "--out", str(out)]) == 0
    assert mode(out) == 0o600
    assert out.read_bytes() == b"a board report"


@pytest.mark.usefixtures("loose_umask")
def test_a_private_file_is_new_or_made_private_before_anything_is_written(tmp_path):
    fresh, old = tmp_path / "fresh.bin", world_readable(tmp_path / "old.bin")
    for path in (fresh, old):
        with export.private_file(path) as handle:
            assert mode(path) == 0o600 and path.read_bytes() == b""
            handle.write(b"personal data")
        assert mode(path) == 0o600 and path.read_bytes() == b"personal data"
