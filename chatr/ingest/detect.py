"""Recognise which survey tool, and which of its layouts, a table came from."""

from __future__ import annotations

from chatr.ingest import canonical, google_forms, microsoft_forms, qualtrics, surveymonkey
from chatr.ingest.layout import Layout

# Most specific first: the generic one-header layout accepts anything.
_DETECTORS = (
    qualtrics.detect,
    surveymonkey.detect,
    microsoft_forms.detect,
    google_forms.detect,
    canonical.detect,
)


def detect_layout(head: list[list[str]], is_workbook: bool) -> Layout | None:
    """The layout of a table from its first rows, or None for a table with no header."""
    for detector in _DETECTORS:
        layout = detector(head, is_workbook)
        if layout is not None:
            return layout
    return None
