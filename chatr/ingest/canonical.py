"""The ChATR template CSVs, and any other table with one header row."""

from __future__ import annotations

from chatr.ingest.layout import Layout, SourceColumn, header_text, unique_headers

# Column names that only our own templates use.
TEMPLATE_NAMES = {
    "submitted_at", "life_stages", "organisation_other", "practice_use_score", "wave",
    "life_stage", "cohort_number", "start_date", "end_date", "event_date", "feedback_quote",
    "feedback_improve", "feedback_hope", "external_ref",
}  # fmt: skip


def detect(head: list[list[str]], is_workbook: bool) -> Layout | None:
    """The template layout, or a generic one-header-row layout matched by question text."""
    if not head:
        return None
    texts = [header_text(h) for h in head[0]]
    is_template = bool(TEMPLATE_NAMES & {t.casefold() for t in texts})
    if is_template:
        description = "ChATR template " + ("workbook" if is_workbook else "CSV")
    else:
        container = "workbook" if is_workbook else "CSV"
        description = f"{container} with one header row (not a known survey tool's layout)"
    shown = unique_headers(texts)
    columns = [SourceColumn(i, h, t) for i, (t, h) in enumerate(zip(texts, shown, strict=True))]
    return Layout("canonical", description, 1, columns, is_template=is_template)
