"""Google Forms: the responses CSV download and the linked Google Sheet saved as CSV."""

from __future__ import annotations

import re

from chatr.ingest.layout import Layout, SourceColumn, header_text, unique_headers

# A grid (Likert) question exports one column per row, headed "Question text [Row text]".
_GRID = re.compile(r"^(?P<stem>.+?)\s*\[(?P<row>.+)\]$")
# The Forms download writes "2023/10/02 8:30:07 AM GMT+1"; the Sheet writes its locale's date.
_FORMS_TIMESTAMP = re.compile(r"^\d{4}/\d{1,2}/\d{1,2} ")


def detect(head: list[list[str]], is_workbook: bool) -> Layout | None:
    """A Google layout if the first header is 'Timestamp', else None."""
    if not head or header_text(head[0][0]).casefold() != "timestamp":
        return None
    first_value = head[1][0] if len(head) > 1 else ""
    if is_workbook:
        tool, description = "google_sheets", "Google Sheets workbook (linked responses sheet)"
    elif not first_value or _FORMS_TIMESTAMP.match(first_value):
        tool, description = "google_forms", "Google Forms CSV download"
    else:
        tool, description = "google_sheets", "Google Sheets CSV (linked responses sheet)"
    return Layout(tool, description, 1, columns(head[0]))


def columns(header_row: list[str]) -> list[SourceColumn]:
    """One column per header; grid headers split into question stem and statement."""
    texts = [header_text(h) for h in header_row]
    shown = unique_headers(texts)
    result = []
    for i, (text, header) in enumerate(zip(texts, shown, strict=True)):
        grid = _GRID.match(text)
        if i == 0:
            result.append(SourceColumn(i, header, text, role="metadata"))
        elif grid:
            result.append(SourceColumn(i, header, grid["stem"], grid["row"].strip()))
        else:
            result.append(SourceColumn(i, header, text))
    return result
