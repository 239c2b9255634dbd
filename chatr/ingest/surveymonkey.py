"""SurveyMonkey "All responses data" export, CSV or XLSX: two header rows."""

from __future__ import annotations

import re

from chatr.ingest.layout import Layout, SourceColumn, header_text, unique_headers

_METADATA = re.compile(
    r"^(respondent id|collector id|start date|end date|ip address|email address|first name|"
    r"last name|custom data \d+)$"
)
# Row 2 labels that only say "this is the answer", not which option or field.
_PLAIN_ANSWER = {"", "response", "open-ended response"}
_OTHER = "other (please specify)"


def detect(head: list[list[str]], is_workbook: bool) -> Layout | None:
    """A SurveyMonkey layout if row 1 starts Respondent ID, Collector ID, else None."""
    if len(head) < 2:
        return None
    first = [header_text(h).casefold() for h in head[0][:2]]
    if first != ["respondent id", "collector id"]:
        return None
    container = "Excel" if is_workbook else "CSV"
    description = f"SurveyMonkey {container} export (two header rows)"
    return Layout("surveymonkey", description, 2, columns(head[0], head[1]), month_first=True)


def columns(questions: list[str], labels: list[str]) -> list[SourceColumn]:
    """Columns with the row-1 question carried over the blanks that follow it."""
    specs = []
    question = ""
    for i, (raw_question, raw_label) in enumerate(zip(questions, labels, strict=False)):
        text, label = header_text(raw_question), header_text(raw_label)
        if text:
            question = text
        if not label and _METADATA.match(text.casefold()):
            specs.append((i, text, text, "", "metadata"))
        elif label.casefold() == _OTHER:
            specs.append((i, f"{question} - {label}", question, "", "other_text"))
        elif label.casefold() in _PLAIN_ANSWER:
            specs.append((i, question, question, "", "answer"))
        else:
            specs.append((i, f"{question} - {label}", question, label, "answer"))
    shown = unique_headers([s[1] for s in specs])
    return [
        SourceColumn(i, header, q, option, role)
        for (i, _, q, option, role), header in zip(specs, shown, strict=True)
    ]
