"""Upload parsing: detect the survey tool and layout, map and normalise columns, stage rows.

The caller gets a ParsedUpload whose `staged` tables live as TEMP tables on the connection it
passed in; writing them to the real tables is the caller's job, in one transaction.
"""

from chatr.ingest.parse import STAGED_TABLES, form_signature, parse_upload
from chatr.ingest.templates import template_columns, template_csv
from chatr.ingest.validation import (
    COHORT_KINDS,
    KIND_LABELS,
    KINDS,
    PILOT_KINDS,
    TARGET_TABLES,
    TOOLS,
    ParsedUpload,
    Problem,
)

__all__ = [
    "COHORT_KINDS",
    "KINDS",
    "KIND_LABELS",
    "PILOT_KINDS",
    "STAGED_TABLES",
    "TARGET_TABLES",
    "TOOLS",
    "ParsedUpload",
    "Problem",
    "form_signature",
    "parse_upload",
    "template_columns",
    "template_csv",
]
