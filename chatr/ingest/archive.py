"""Open a ZIP file safely: its members' declared sizes are checked before anything is unpacked.

A "zip bomb" is a small file that unpacks to gigabytes. Every reader that unzips (a Slack
export, an .xlsx workbook, Google's .zip of a CSV) opens it through `open_zip`, which reads only
the archive's directory, refuses it when a member or the total would unpack beyond the limits,
and hands back a `ZipFile`; `read_member` then unpacks one member, never past what it declared.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

# Defaults for any zip: an .xlsx of a million survey rows unpacks to about 400 MB.
DEFAULT_MAX_TOTAL_BYTES = 1024 * 1024 * 1024
DEFAULT_MAX_MEMBER_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_MEMBERS = 100_000
_CHUNK_BYTES = 1024 * 1024


class ArchiveRefused(ValueError):
    """The zip is not opened: not a zip, damaged, or it would unpack beyond the limits. The
    message is for a person."""


@dataclass(frozen=True)
class Limits:
    """How much a zip may unpack to: the total, any one member, and the number of members."""

    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES
    max_member_bytes: int = DEFAULT_MAX_MEMBER_BYTES
    max_members: int = DEFAULT_MAX_MEMBERS


def open_zip(data: bytes, what: str = "The zip file", limits: Limits = Limits()) -> zipfile.ZipFile:
    """The zip's `ZipFile` once its directory shows it stays within `limits`; ArchiveRefused
    (naming `what`, e.g. "The Slack export") if it is not a zip, is damaged or is too big."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ArchiveRefused(
            f"{what} is not a readable zip file ({error}). It may have been cut short while "
            "downloading: download it again and upload the new copy."
        ) from error
    check_sizes(members, what, limits)
    return archive


def check_sizes(members: list[zipfile.ZipInfo], what: str, limits: Limits = Limits()) -> None:
    """ArchiveRefused if the members' declared sizes go beyond `limits` (nothing is unpacked)."""
    if len(members) > limits.max_members:
        raise ArchiveRefused(
            f"{what} holds {len(members):,} files, more than the {limits.max_members:,} this "
            f"dashboard opens. {_WHAT_TO_DO}"
        )
    total = 0
    for member in members:
        if member.file_size > limits.max_member_bytes:
            raise ArchiveRefused(
                f"{what} would unpack '{member.filename}' to {_size(member.file_size)}, over the "
                f"{_size(limits.max_member_bytes)} limit for one file, so nothing was unpacked "
                f"(a file that small unpacking that big can be a 'zip bomb'). {_WHAT_TO_DO}"
            )
        total += member.file_size
    if total > limits.max_total_bytes:
        raise ArchiveRefused(
            f"{what} would unpack to {_size(total)} in all, over the "
            f"{_size(limits.max_total_bytes)} limit, so nothing was unpacked (a file that small "
            f"unpacking that big can be a 'zip bomb'). {_WHAT_TO_DO}"
        )


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo | str) -> bytes:
    """One member's bytes, unpacked chunk by chunk and never past the size it declared (a
    directory that understates a member's size gives ArchiveRefused, not a memory spike)."""
    info = member if isinstance(member, zipfile.ZipInfo) else archive.getinfo(member)
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                out += chunk
                if len(out) > info.file_size:
                    break
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ArchiveRefused(_damaged(info, error)) from error
    if len(out) != info.file_size:
        raise ArchiveRefused(_damaged(info, "its size does not match the zip's directory"))
    return bytes(out)


_WHAT_TO_DO = (
    "If it is a genuine export, export a shorter period or fewer files, or ask the dashboard's "
    "maintainer to raise the limit."
)


def _damaged(info: zipfile.ZipInfo, error: object) -> str:
    return (
        f"'{info.filename}' in the zip file is damaged ({error}). Download the file again and "
        "upload the new copy."
    )


def _size(n_bytes: int) -> str:
    """A byte count for messages: '1.5 GB', '200.0 MB', '12 KB'."""
    if n_bytes >= 1024**3:
        return f"{n_bytes / 1024**3:.1f} GB"
    if n_bytes >= 1024**2:
        return f"{n_bytes / 1024**2:.1f} MB"
    return f"{max(1, round(n_bytes / 1024))} KB"
