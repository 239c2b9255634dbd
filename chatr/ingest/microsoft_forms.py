"""Microsoft Forms: the "Open results in Excel" workbook and Excel's CSV re-save of it."""

from __future__ import annotations

import re

from chatr.ingest.layout import Layout, SourceColumn, header_text, unique_headers

_FIXED = ("id", "start time", "completion time", "email", "name", "last modified time")
# Forms numbers a question titled like an existing column: "Name" -> "Name2", "Email" -> "Email2".
_SUFFIXED = re.compile(r"^(?P<base>.*\D)(?P<n>\d+)$")


def detect(head: list[list[str]], is_workbook: bool) -> Layout | None:
    """A Microsoft Forms layout if the header starts ID, Start time, Completion time."""
    if not head:
        return None
    first = [header_text(h).casefold() for h in head[0][:3]]
    if first != list(_FIXED[:3]):
        return None
    if is_workbook:
        tool, description = "microsoft_forms", "Microsoft Forms workbook (Open results in Excel)"
    else:
        tool, description = "microsoft_forms_csv", "Microsoft Forms workbook re-saved as CSV"
    return Layout(tool, description, 1, columns(head[0]), month_first=True)


def columns(header_row: list[str]) -> list[SourceColumn]:
    """Fixed columns as metadata; numbered duplicates matched on the question they repeat."""
    texts = [header_text(h) for h in header_row]
    lowered = {t.casefold() for t in texts}
    result = []
    for i, (text, header) in enumerate(zip(texts, unique_headers(texts), strict=True)):
        if text.casefold() in _FIXED:
            result.append(SourceColumn(i, header, text, role="metadata"))
            continue
        suffixed = _SUFFIXED.match(text)
        base = suffixed["base"].strip() if suffixed else ""
        question = base if base and base.casefold() in lowered else text
        result.append(SourceColumn(i, header, question))
    return result
