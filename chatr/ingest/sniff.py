"""Work out the text encoding and the field delimiter of a CSV upload."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from chatr.ingest.validation import ParsedUpload

HEAD_BYTES = 256 * 1024
_DELIMITERS = (",", ";", "\t")
_SAMPLE_RECORDS = 50


@dataclass(frozen=True)
class Text:
    """UTF-8 bytes of the file (what DuckDB reads) and its decoded beginning (what we sniff)."""

    data: bytes
    head: str


def as_text(data: bytes) -> Text:
    """The bytes as UTF-8 for DuckDB (UTF-16 converted) and their decoded beginning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16").encode("utf-8")
    head = data[:HEAD_BYTES].decode("utf-8", errors="ignore").lstrip("\ufeff")
    return Text(data, head)


def is_utf8(data: bytes) -> bool:
    """True if the bytes decode as UTF-8; a character cut at the end of a sample is allowed."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def from_windows_1252(data: bytes, report: ParsedUpload) -> Text:
    """Text re-encoded as UTF-8 from Windows-1252, with a warning saying so."""
    try:
        data.decode("utf-8")
        where = ""
    except UnicodeDecodeError as exc:
        where = f" (byte {exc.start + 1} is not valid UTF-8)"
    report.warn(
        f"The file is not in UTF-8{where}, so it was read as Windows-1252, the older Excel "
        "encoding. Check that characters such as £ and é look right in the preview; to avoid "
        "this, save from Excel as 'CSV UTF-8'."
    )
    return as_text(_from_windows_1252(data).encode("utf-8"))


def _from_windows_1252(data: bytes) -> str:
    """Windows-1252 text; the five bytes it leaves undefined fall back to Latin-1."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(head: str) -> tuple[str, int]:
    """The delimiter that gives the most consistent records, and the widest record's width."""
    lines = head.splitlines(keepends=True)
    if len(head) >= HEAD_BYTES - 4 and len(lines) > 1:
        lines = lines[:-1]  # the sample may end mid-record
    sample = "".join(lines)
    best = (",", 1, -1.0)
    for delimiter in _DELIMITERS:
        records = _records(sample, delimiter)
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        agreeing = sum(len(r) == width for r in records[1:]) / max(len(records) - 1, 1)
        # Prefer rows that agree with the header, then more columns; ties keep the comma.
        score = agreeing * 1000 + min(width, 999) / 1000
        if score > best[2]:
            best = (delimiter, max(len(r) for r in records), score)
    return best[0], best[1]


def _records(sample: str, delimiter: str) -> list[list[str]]:
    """The first records of the sample, split with the given delimiter."""
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, quotechar='"')
    records: list[list[str]] = []
    try:
        for record in reader:
            if record:
                records.append(record)
            if len(records) >= _SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    return records
