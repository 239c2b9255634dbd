"""The zip guard (chatr/ingest/archive.py): declared sizes checked before anything is unpacked,
a lying directory caught while unpacking, and a zip bomb refused without allocating it."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest

from chatr.ingest import archive
from tests.unit.engagement_oracle import SLACK_ZIP

GB = 1024**3


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return out.getvalue()


def zip_declaring(data: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s uncompressed size rewritten in its local header and directory."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = out.find(signature)
        while at != -1:
            if out[at + name_at : at + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", out, at + size_at, size)
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_real_export_opens_and_reads(tmp_path):
    zipped = archive.open_zip(SLACK_ZIP.read_bytes(), "The Slack export")
    data = archive.read_member(zipped, "users.json")
    assert data.startswith(b"[") and len(data) == zipped.getinfo("users.json").file_size


def test_a_member_declaring_gigabytes_is_refused_before_anything_is_allocated():
    bomb = zip_declaring(
        _zip({"users.json": b"[]", "sheet.xml": b"0" * 1000}), "sheet.xml", 4 * GB - 1
    )
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("sheet.xml").file_size == 4 * GB - 1
    tracemalloc.start()
    with pytest.raises(archive.ArchiveRefused, match="zip bomb") as refused:
        archive.open_zip(bomb, "The Slack export")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10 * 1024 * 1024
    message = str(refused.value)
    assert "The Slack export" in message and "'sheet.xml'" in message and "4.0 GB" in message


def test_a_real_highly_compressed_member_over_the_limit_is_refused():
    zeros = _zip({"a.json": bytes(3 * 1024 * 1024)})  # 3 MB of zeros in a few KB
    assert len(zeros) < 20_000
    limits = archive.Limits(max_total_bytes=10 * 1024**2, max_member_bytes=1024**2)
    with pytest.raises(archive.ArchiveRefused, match="over the 1.0 MB limit for one file"):
        archive.open_zip(zeros, limits=limits)


def test_the_total_is_checked_as_well_as_each_member():
    many = _zip({f"day{i}.json": bytes(400_000) for i in range(5)})
    limits = archive.Limits(max_total_bytes=1024**2, max_member_bytes=1024**2)
    with pytest.raises(archive.ArchiveRefused, match="1.9 MB in all, over the 1.0 MB limit"):
        archive.open_zip(many, limits=limits)
    with pytest.raises(archive.ArchiveRefused, match="holds 5 files, more than the 4"):
        archive.open_zip(many, limits=archive.Limits(max_members=4))


def test_a_directory_that_understates_a_size_is_caught_while_unpacking():
    liar = zip_declaring(_zip({"users.json": b"[" + b" " * 100_000 + b"]"}), "users.json", 10)
    zipped = archive.open_zip(liar)  # the directory looks small
    with pytest.raises(archive.ArchiveRefused, match="damaged"):
        archive.read_member(zipped, "users.json")


@pytest.mark.parametrize("data", [b"", b"This is not a zip archive.", _zip({"a": b"1"})[:40]])
def test_not_a_zip_or_a_cut_one_is_refused_with_a_message(data):
    with pytest.raises(archive.ArchiveRefused, match="not a readable zip file"):
        archive.open_zip(data, "The workbook")
