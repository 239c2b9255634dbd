"""Read a Slack workspace export (.zip) into rows: members, public channels and messages.

The rules of what counts live here and only here (the issue's definitions):
- a member is a user of users.json not deleted, not a bot and not Slackbot (USLACKBOT);
- a message counts when it is a `message` with no subtype, or the subtype `thread_broadcast`
  ("also send to channel": one message, counted once), by a user of users.json, deleted users
  included; joins, purpose and topic changes and bot posts never count;
- a reply is a message whose thread_ts differs from its ts;
- links are the `<http` occurrences in the text (Slack writes links as `<https://url|label>`).
Only public channels (channels.json) are read: folders of private channels or direct messages
in a fuller export are skipped, since the dashboard reports on the open community only.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from chatr.ingest import archive
from chatr.ingest.validation import ParsedUpload

SLACKBOT = "USLACKBOT"
COUNTED_SUBTYPES = (None, "thread_broadcast")
# A community's export is megabytes; these bounds stop a zip bomb long before memory does.
LIMITS = archive.Limits(
    max_total_bytes=512 * 1024 * 1024, max_member_bytes=128 * 1024 * 1024, max_members=200_000
)
_DAY_FILE = re.compile(r"(?P<folder>[^/]+)/(?P<day>\d{4}-\d{2}-\d{2})\.json")
# One match per '<http' in the text; group 1 is the host, or '' when no host follows.
_LINK = re.compile(r"<http(?:s?://([^/|>:?#\s]*))?", re.IGNORECASE)
_TS = re.compile(r"\d{1,12}\.\d{6}")
_EPOCH = datetime(1970, 1, 1)


@dataclass
class SlackExport:
    """The rows of one export, ready to stage (one dict per row)."""

    workspace_id: str | None
    members: list[dict] = field(default_factory=list)
    channels: list[dict] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    n_outside_messages: int = 0

    def summary(self) -> dict:
        """One row about the export: workspace, counts and the period its messages cover."""
        counted = [m for m in self.messages if m["is_counted"]]
        times = [m["posted_at"] for m in self.messages]
        return {
            "workspace_id": self.workspace_id,
            "n_channels": len(self.channels),
            "n_users": len(self.members),
            "n_members": sum(m["is_member"] for m in self.members),
            "n_messages_counted": len(counted),
            "first_message_at": min(times, default=None),
            "last_message_at": max(times, default=None),
        }


def looks_like_slack_export(names: list[str]) -> bool:
    """Whether a zip's member names are a Slack export's (channels.json or users.json at its
    root, or in the one folder it was re-zipped from)."""
    return any(name.rsplit("/", 1)[-1] in ("channels.json", "users.json") for name in names)


def read_slack_export(data: bytes, report: ParsedUpload) -> SlackExport | None:
    """The export's rows; None (with errors in the report) when it cannot be read."""
    try:
        zipped = archive.open_zip(data, "The Slack export", LIMITS)
        return _read(zipped, report)
    except archive.ArchiveRefused as refused:
        report.error(str(refused))
        return None
    except _Unreadable as unreadable:
        report.error(str(unreadable))
        return None


class _Unreadable(ValueError):
    """A file of the export cannot be used; the message says which and what to do."""


def _read(zipped: zipfile.ZipFile, report: ParsedUpload) -> SlackExport | None:
    names = [info.filename for info in zipped.infolist() if not info.is_dir()]
    root = _root(names)
    if root is None:
        listed = ", ".join(sorted(names)[:4]) or "nothing"
        report.error(
            "This zip has no users.json, so it is not a whole Slack workspace export (it holds "
            f"{listed}{', ...' if len(names) > 4 else ''}). Download the export again from Slack "
            "(Workspace settings, Import/Export data, Export) and upload the .zip as it came."
        )
        return None
    users = _json_array(zipped, root + "users.json")
    if root + "channels.json" not in names:
        report.error(
            "This Slack export has no channels.json, so its channels cannot be named. Download "
            "the export again from Slack and upload the .zip as it came."
        )
        return None
    channels = _json_array(zipped, root + "channels.json")
    export = SlackExport(workspace_id=_workspace(users))
    export.members = [_member(user, index) for index, user in enumerate(users, start=1)]
    export.channels = [_channel(channel) for channel in channels]
    _read_messages(zipped, root, names, export, report)
    return export


def _root(names: list[str]) -> str | None:
    """The folder holding users.json ('' at the top, or the folder a user re-zipped)."""
    found = sorted((n for n in names if n.rsplit("/", 1)[-1] == "users.json"), key=len)
    return found[0][: -len("users.json")] if found else None


def _json_array(zipped: zipfile.ZipFile, name: str) -> list[dict]:
    """A JSON file of the export that must hold an array of objects."""
    try:
        value = json.loads(archive.read_member(zipped, name))
    except json.JSONDecodeError as error:
        raise _Unreadable(
            f"{name} in the Slack export is not valid JSON (line {error.lineno}, column "
            f"{error.colno}: {error.msg}). The export may be damaged: download it again."
        ) from error
    except UnicodeDecodeError as error:
        raise _Unreadable(f"{name} in the Slack export is not UTF-8 text ({error}).") from error
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _Unreadable(
            f"{name} in the Slack export should be a list of records but is not. Upload the "
            "export as Slack made it."
        )
    return value


def _workspace(users: list[dict]) -> str | None:
    teams = [u.get("team_id") or (u.get("profile") or {}).get("team") for u in users]
    known = [t for t in teams if t]
    return max(set(known), key=known.count) if known else None


def _member(user: dict, index: int) -> dict:
    user_id = user.get("id")
    if not isinstance(user_id, str) or not user_id:
        raise _Unreadable(
            f"users.json record {index} has no user id. Upload the export as Slack made it."
        )
    profile = user.get("profile") or {}
    is_deleted, is_bot = bool(user.get("deleted")), bool(user.get("is_bot"))
    email = (profile.get("email") or "").strip()
    return {
        "user_id": user_id,
        "username": user.get("name"),
        "real_name": profile.get("real_name") or user.get("real_name"),
        "display_name": profile.get("display_name") or None,
        "email": email or None,
        "is_deleted": is_deleted,
        "is_bot": is_bot,
        "is_guest": bool(user.get("is_restricted")),
        "is_member": not is_deleted and not is_bot and user_id != SLACKBOT,
    }


def _channel(channel: dict) -> dict:
    created = channel.get("created")
    return {
        "channel_id": channel.get("id") or channel.get("name"),
        "channel_name": channel.get("name"),
        # Older exports write numbers as strings.
        "created_at": _EPOCH + timedelta(seconds=int(created)) if _is_int(created) else None,
        "is_archived": bool(channel.get("is_archived")),
        "is_general": bool(channel.get("is_general")),
        "n_channel_members": len(channel.get("members") or []),
    }


def _read_messages(
    zipped: zipfile.ZipFile,
    root: str,
    names: list[str],
    export: SlackExport,
    report: ParsedUpload,
) -> None:
    """Read every public channel's day files into export.messages, keyed by (channel, ts)."""
    by_name = {c["channel_name"]: c["channel_id"] for c in export.channels}
    user_ids = {m["user_id"] for m in export.members}
    skipped, seen = set(), {}
    for name in sorted(names):
        match = _DAY_FILE.fullmatch(name[len(root) :]) if name.startswith(root) else None
        if match is None:
            continue
        channel_id = by_name.get(match["folder"])
        if channel_id is None:
            skipped.add(match["folder"])
            continue
        for message in _json_array(zipped, name):
            row = _message(message, channel_id, user_ids, name)
            if row is not None:
                seen[(channel_id, row["ts"])] = row  # a ts is unique per channel
    export.messages = list(seen.values())
    export.n_outside_messages = sum(
        1 for m in export.messages
        if m["user_id"] and m["user_id"] not in user_ids and m["subtype"] in COUNTED_SUBTYPES
    )  # fmt: skip
    _report_notes(export, skipped, report)


def _message(message: dict, channel_id: str, user_ids: set[str], file_name: str) -> dict | None:
    ts = _ts(message.get("ts"))
    if ts is None:
        return None  # nothing can be keyed without a ts; Slack always writes one
    subtype = message.get("subtype")
    user_id = message.get("user") if isinstance(message.get("user"), str) else None
    thread_ts = _ts(message.get("thread_ts"))
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    hosts = [host.lower() for host in _LINK.findall(text)]
    return {
        "channel_id": channel_id,
        "ts": ts,
        "thread_ts": thread_ts,
        "is_reply": thread_ts is not None and thread_ts != ts,
        "user_id": user_id,
        "posted_at": _posted_at(ts),
        "subtype": subtype,
        "reply_count": int(message.get("reply_count") or 0),
        "n_links": len(hosts),
        "link_hosts": hosts,
        "is_counted": (
            message.get("type") == "message" and subtype in COUNTED_SUBTYPES and user_id in user_ids
        ),
        "message_text": text,
    }


def _ts(value: object) -> str | None:
    """A Slack timestamp as its canonical text ('1606813200.000200'), or None."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if _TS.fullmatch(text):
        return text
    try:
        return f"{Decimal(text):.6f}"  # an older export's number, e.g. 1606813200.0002
    except InvalidOperation:
        return None


def _posted_at(ts: str) -> datetime:
    """The UTC time of a Slack ts (naive, in UTC)."""
    seconds, fraction = ts.split(".")
    return _EPOCH + timedelta(seconds=int(seconds), microseconds=int(fraction[:6]))


def _is_int(value: object) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool) and str(value).isdigit()


def _report_notes(export: SlackExport, skipped: set[str], report: ParsedUpload) -> None:
    if skipped:
        report.warn(
            f"{len(skipped)} folder(s) of the export are not public channels listed in "
            "channels.json (private channels or direct messages); they were not read."
        )
    if export.n_outside_messages:
        report.warn(
            f"{export.n_outside_messages} message(s) are by people not in users.json (guests "
            "of a shared channel from another workspace); they are kept but not counted."
        )
    if not export.messages:
        report.warn("The export holds no messages: only its members and channels are loaded.")
