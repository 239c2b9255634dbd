"""Qualtrics CSV export: internal IDs, question text and ImportId JSON on three header rows."""

from __future__ import annotations

import re

from chatr.ingest.layout import Exclusion, Layout, SourceColumn, header_text, unique_headers

# Everything Qualtrics records about a response before the first question column.
_METADATA = {
    "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)",
    "finished", "recordeddate", "responseid", "recipientlastname", "recipientfirstname",
    "recipientemail", "externalreference", "locationlatitude", "locationlongitude",
    "distributionchannel", "userlanguage",
}  # fmt: skip
_OTHER_TEXT = re.compile(r"^(?P<q>.+?) - (?:Other.*?) - Text$")
_MATRIX_ID = re.compile(r"^Q\w*?\d+_\d+$")
_SELECTED = " - Selected Choice"
# Status: "Survey Preview"/"Survey Test" in choice text, 1/2 in numeric; Finished False/0.
_NOT_RESPONSES = {"survey preview", "survey test", "1", "2", "spam", "8"}
_UNFINISHED = ("false", "0")


def detect(head: list[list[str]], is_workbook: bool) -> Layout | None:
    """A Qualtrics layout if row 1 holds StartDate and ResponseId and row 3 ImportId JSON."""
    if len(head) < 3:
        return None
    ids = [header_text(h) for h in head[0]]
    lowered = [i.casefold() for i in ids]
    if "startdate" not in lowered or "responseid" not in lowered:
        return None
    if not any('"importid"' in cell.casefold() for cell in head[2]):
        return None
    numeric = _is_numeric(lowered, head)
    kind = "numeric values" if numeric else "choice text"
    description = f"Qualtrics CSV export ({kind}, three header rows)"
    layout = Layout("qualtrics", description, 3, columns(ids, head[1]), numeric_codes=numeric)
    layout.exclusions = _exclusions(lowered)
    return layout


def columns(ids: list[str], texts: list[str]) -> list[SourceColumn]:
    """Columns named by their row-2 text; matrix rows and 'Other' text split out."""
    specs = []
    for i, (qid, raw) in enumerate(zip(ids, texts, strict=False)):
        text = header_text(raw) or qid
        other = _OTHER_TEXT.match(text)
        if qid.casefold() in _METADATA or qid.upper().endswith("_NPS_GROUP"):
            specs.append((i, text, text, "", "metadata"))
        elif other or qid.upper().endswith("_TEXT") and re.search(r"_\d+_TEXT$", qid):
            specs.append((i, text, other["q"] if other else text, "", "other_text"))
        elif _MATRIX_ID.match(qid) and " - " in text:
            stem, statement = text.split(" - ", 1)
            specs.append((i, text, stem, statement, "answer"))
        else:
            specs.append((i, text, text.removesuffix(_SELECTED), "", "answer"))
    shown = unique_headers([s[1] for s in specs])
    return [
        SourceColumn(i, header, q, option, role)
        for (i, _, q, option, role), header in zip(specs, shown, strict=True)
    ]


def _is_numeric(lowered_ids: list[str], head: list[list[str]]) -> bool:
    """True for a numeric-values export, told by Finished being 1/0 rather than True/False."""
    rows = head[3:] if len(head) > 3 else []
    if "finished" not in lowered_ids or not rows:
        return False
    finished = lowered_ids.index("finished")
    return all(r[finished].strip() in ("0", "1", "") for r in rows)


def _exclusions(lowered_ids: list[str]) -> list[Exclusion]:
    """Preview, test and unfinished responses, which Qualtrics exports alongside real ones."""
    found = []
    if "status" in lowered_ids:
        reason = "a survey preview or test, not a real response"
        found.append(Exclusion(reason, lowered_ids.index("status"), tuple(_NOT_RESPONSES)))
    if "finished" in lowered_ids:
        reason = "an unfinished response (Finished is False)"
        found.append(Exclusion(reason, lowered_ids.index("finished"), _UNFINISHED))
    return found
