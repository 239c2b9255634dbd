"""Refuse an .xlsx workbook too big to open safely, before any reader allocates for it.

An .xlsx is a zip of XML, so a file of a few KB can unpack to gigabytes, or hold one cell at
XFD1048576, for which the reader builds a grid of 17 billion cells (hundreds of GB) before any of
our code sees a row. The zip's directory and a sheet's <dimension> are the file's own claims and
can lie, so each sheet is unpacked here, a chunk at a time, and its cells' positions measured.
"""

from __future__ import annotations

import html
import posixpath
import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from chatr.ingest import archive

MAX_SHEET_CELLS = 10_000_000  # rows x columns from A1: half a million responses to 20 questions
_CHUNK_BYTES = 4 * 1024 * 1024
_MAX_TAG_BYTES = 1024 * 1024  # Excel's longest cell text is 32,767 characters
_MAX_RELS_BYTES = 16 * 1024 * 1024
_RELS = "xl/_rels/workbook.xml.rels"
_WORKBOOK = "The workbook"
# A cell tag, with its position when that is the first attribute (as Excel and the survey tools
# write it). Any other cell tag, or one with a namespace prefix (<x:c>: a separate pattern is
# faster than one for both), sends the sheet to the slower, exact measure.
_CELL = re.compile(rb'<c(?=[\s/>])(?:\s+r="([A-Z]{1,3})(\d{1,7})")?')
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["\']([^"\']*)["\']')
_TARGET = re.compile(rb"""\sTarget\s*=\s*["']([^"']*)["']""")
_POSITION = re.compile(r"\$?([A-Za-z]*)\$?([0-9]*)")
# For a part that is not well-formed XML: any position attribute, row end and cell tag at all.
_ANY_POSITION = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']([A-Za-z]*)([0-9]*)""")
_ROW_END = re.compile(rb"</(?:[^\s>/]+:)?row\s*>")
_ANY_CELL = re.compile(rb"<(?:[^\s>/]+:)?c[\s/>]")
_OVERLAP_BYTES = 64 * 1024


class _Odd(ValueError):
    """The zip or its XML is not what a spreadsheet program writes."""


def size_problem(data: bytes) -> str | None:
    """Why the .xlsx workbook cannot be opened safely (what, the limit, what to do), or None."""
    try:
        book = archive.open_zip(data, _WORKBOOK)  # the directory's sizes and member count
        members = book.infolist()
        if any(m.filename.lower() == "xl/workbook.bin" for m in members):
            return _XLSB
        sheets = _sheets(data, members)
        for member in members:
            if member not in sheets:
                for _ in _unpacked(data, member):  # its real size, checked against the directory
                    pass
                continue
            rows, columns = _extent(data, member)
            if rows * columns > MAX_SHEET_CELLS:
                return _too_many_cells(rows, columns)
    except archive.ArchiveRefused as refused:
        return str(refused)
    except _Odd as odd:
        return (
            f"{_WORKBOOK} is damaged or was not written by a spreadsheet program ({odd}), so it "
            "was not opened. Open it in Excel, save it again as .xlsx and upload that copy."
        )
    return None


_XLSB = (
    f"{_WORKBOOK} is an Excel binary workbook (.xlsb), which cannot be checked before it is "
    "opened. In Excel choose File > Save As > Excel Workbook (.xlsx), or CSV UTF-8, and upload "
    "that."
)


def _too_many_cells(rows: int, columns: int) -> str:
    """The message for a sheet reaching further than MAX_SHEET_CELLS allows."""
    return (
        f"{_WORKBOOK} has a sheet reaching cell {_cell_name(rows, columns)} ({rows:,} rows by "
        f"{columns:,} columns: {rows * columns:,} cells), over the limit of "
        f"{MAX_SHEET_CELLS:,} cells, so it was not opened. A stray value far below or to the "
        "right of the responses is the usual cause: delete the rows and columns after the data "
        "and save, or save the responses sheet as CSV UTF-8, and upload that."
    )


def _sheets(data: bytes, members: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The members a reader may take for a worksheet: every part the workbook's relationships
    point to (however the reader resolves the path) and everything under xl/worksheets/ (all
    copies of a name: a zip can hold two)."""
    wanted = {
        m.filename.lower() for m in members if m.filename.lower().startswith("xl/worksheets/")
    }
    for rels in (m for m in members if m.filename.lower() == _RELS):
        if rels.file_size > _MAX_RELS_BYTES:
            raise _Odd(f"its list of parts, {_RELS}, is over {_MAX_RELS_BYTES // 2**20} MB")
        for raw in _TARGET.findall(b"".join(_unpacked(data, rels))):
            target = html.unescape(raw.decode("utf-8", "replace")).lower()
            bare = target.lstrip("/")
            wanted |= {bare, "xl/" + bare, posixpath.normpath("xl/" + target)}
    return [member for member in members if member.filename.lower() in wanted]


def _unpacked(data: bytes, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes a chunk at a time, unpacked here and checked to be exactly the size
    the zip's directory declares (a reader that trusts a false size can unpack far more)."""
    start = member.header_offset
    plain = data[start : start + 4] == b"PK\x03\x04" and len(data) >= start + 30
    if not plain or member.flag_bits & 1:
        raise _Odd(f"'{member.filename}' is not a plain zip entry")
    name_bytes, extra_bytes = struct.unpack_from("<HH", data, start + 26)
    offset = start + 30 + name_bytes + extra_bytes
    packed = memoryview(data)[offset : offset + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        chunks = (bytes(packed[i : i + _CHUNK_BYTES]) for i in range(0, len(packed), _CHUNK_BYTES))
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        chunks = _inflate(packed)
    else:
        raise _Odd(f"'{member.filename}' uses compression method {member.compress_type}")
    n_bytes = 0
    for chunk in chunks:
        n_bytes += len(chunk)
        if n_bytes > member.file_size:
            break
        yield chunk
    if n_bytes != member.file_size:
        raise _Odd(f"'{member.filename}' does not unpack to the size the zip declares")


def _inflate(packed: memoryview) -> Iterator[bytes]:
    """Deflated bytes unpacked, at most _CHUNK_BYTES at a time."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for start in range(0, len(packed), _CHUNK_BYTES):
            pending = packed[start : start + _CHUNK_BYTES]
            while pending and not inflater.eof:
                yield inflater.decompress(pending, _CHUNK_BYTES)
                pending = inflater.unconsumed_tail
        while not inflater.eof and (rest := inflater.decompress(b"", _CHUNK_BYTES)):
            yield rest
    except zlib.error as error:
        raise _Odd(f"a part cannot be unpacked: {error}") from error


def _extent(data: bytes, member: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, columns) from A1 that the part's cells, or its <dimension>, reach."""
    try:
        return _quick_extent(data, member)
    except _NotPlain:
        pass
    try:
        return _exact_extent(data, member)
    except _NotPlain:
        return _bounded_extent(data, member)


class _NotPlain(Exception):
    """The part is not written the way the quicker measure understands."""


def _quick_extent(data: bytes, member: zipfile.ZipInfo) -> tuple[int, int]:
    """The extent when every cell tag starts with its position (<c r="B7" ...>): a pattern
    reads the positions of a 100,000-row sheet (64 MB of XML) in under a second."""
    rows = columns = 0
    for number, piece in enumerate(_pieces(_unpacked(data, member))):
        if number == 0 and (dimension := _DIMENSION.search(piece)):
            rows, columns = _position(dimension[1].decode("ascii", "replace"))
        refs = _CELL.findall(piece)
        letters = {c for c, _ in refs}
        if b"" in letters or _PREFIXED_CELL.search(piece):
            raise _NotPlain
        if refs:
            columns = max(columns, *map(_column_number, letters))
            rows = max(rows, *map(int, {r for _, r in refs}))
    return rows, columns


def _pieces(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The text in pieces that each end just after a '>', so that no tag is cut in two."""
    tail = b""
    for chunk in chunks:
        text = tail + chunk
        cut = text.rfind(b">") + 1
        tail = text[cut:]
        if len(tail) > _MAX_TAG_BYTES:
            raise _NotPlain  # not XML as a spreadsheet program writes it
        if cut:
            yield text[:cut]
    if tail:
        yield tail


@dataclass
class _Walk:
    """The reader's own rules for where a cell goes: a row or cell without a position `r`
    follows the one before it; the furthest row and column any cell (or <dimension>) reaches."""

    row: int = 1
    column: int = 1
    rows: int = 0
    columns: int = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag == "row" and "r" in attributes:
            self.row = _position(attributes["r"])[0]
        elif tag == "c":
            row = self.row
            if "r" in attributes:  # sets the cell's row, and the column the next cell follows
                row, self.column = _position(attributes["r"])
            self.rows, self.columns = max(self.rows, row), max(self.columns, self.column)
        elif tag == "dimension" and "ref" in attributes:
            rows, columns = _position(attributes["ref"])
            self.rows, self.columns = max(self.rows, rows), max(self.columns, columns)

    def end(self, name: str) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag == "row":
            self.row, self.column = self.row + 1, 1
        elif tag == "c":
            self.column += 1


def _exact_extent(data: bytes, member: zipfile.ZipInfo) -> tuple[int, int]:
    """The extent of a well-formed XML part, walked tag by tag: about 7 s for 100,000 rows,
    paid only by the rare file not written the usual way."""
    walk = _Walk()
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.EndElementHandler = walk.start, walk.end
    parser.StartDoctypeDeclHandler = _no_doctype  # entities the reader would not expand
    try:
        for chunk in _unpacked(data, member):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as error:
        raise _NotPlain from error
    return walk.rows, walk.columns


def _no_doctype(*_: object) -> None:
    raise _NotPlain


def _bounded_extent(data: bytes, member: zipfile.ZipInfo) -> tuple[int, int]:
    """An upper bound for a part that is not well-formed XML (which a lenient reader may still
    read): the furthest position written anywhere, plus a row for every </row> and a column
    for every cell tag. Windows overlap, so nothing is missed where two chunks meet."""
    rows = columns = n_row_ends = n_cells = 0
    previous = b""
    for chunk in _unpacked(data, member):
        window = previous[-_OVERLAP_BYTES:] + chunk
        for letters, digits in _ANY_POSITION.findall(window):
            row, column = _position((letters + digits).decode("ascii"))
            rows, columns = max(rows, row), max(columns, column)
        n_row_ends += len(_ROW_END.findall(window))
        n_cells += len(_ANY_CELL.findall(window))
        previous = chunk
    return rows + n_row_ends + 1, columns + n_cells + 1


def _position(reference: str) -> tuple[int, int]:
    """(row, column) numbers, from 1, of a cell reference such as 'XFD1048576' (or of a range's
    far corner, 'A1:XFD1048576')."""
    match = _POSITION.fullmatch(reference.rsplit(":", 1)[-1])
    if not match or len(match[2]) > 12:
        raise _Odd(f"'{reference[:20]}' is not a cell reference")
    return int(match[2] or 1), _column_number(match[1].encode("ascii") or b"A")


def _column_number(letters: bytes) -> int:
    """1 for A, 27 for AA, 16,384 for XFD."""
    number = 0
    for letter in letters.upper()[:12]:
        number = number * 26 + letter - 64
    return number


def _cell_name(row: int, column: int) -> str:
    """'XFD1048576' for row 1,048,576 and column 16,384."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"
