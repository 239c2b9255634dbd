"""Canonical fields of each upload kind and the question texts the survey tools use for them."""

from __future__ import annotations

# The first alias of each field is its template column name; the rest are question texts or
# tool column names seen in exports. Matching is tolerant of case, punctuation and small edits.
ALIASES: dict[str, tuple[str, ...]] = {
    "submitted_at": (
        "submitted_at", "Timestamp", "Completion time", "End Date", "Recorded Date",
        "Submitted", "Submitted at", "Date submitted",
    ),
    "email": (
        "email", "Email address", "Email", "E-mail", "E-mail address", "Recipient Email",
        "Your email address", "Work email",
    ),
    "name": ("name", "Name", "Your name", "Full name"),
    "team": ("team", "Team/service", "Team", "Service", "Team or service"),
    "life_stages": (
        "life_stages", "What life stage(s) do you work in?", "Life stage(s)", "Life stages",
        "Which life stages do you work with?",
    ),
    "organisation": (
        "organisation", "What type of organisation do you work for?", "Organisation type",
        "Type of organisation", "Organisation",
    ),
    "organisation_other": ("organisation_other",),
    "practice_use_score": (
        "practice_use_score",
        "To what extent is ACEs, trauma-informed care, or resilience used as part of your "
        "practice?",
    ),
    "interest": (
        "interest",
        "Would you be interested in joining a development programme on Childhood Adversity, "
        "Trauma and Resilience in the future?",
    ),
    "external_ref": ("external_ref", "External Data Reference", "ExternalReference"),
    "wave": ("wave", "Wave"),
    "feedback_hope": ("feedback_hope", "What do you hope to gain from the programme?"),
    "feedback_quote": ("feedback_quote", "What was the most useful part of the programme?"),
    "feedback_improve": ("feedback_improve", "Is there anything we could improve?"),
}  # fmt: skip

# Fields that may come from several columns, used in order (first non-blank wins).
MULTI_SOURCE = frozenset({"email", "name"})
# Only these may come from a tool's own metadata columns (not from the questions).
METADATA_FIELDS = frozenset({"submitted_at", "email", "name", "external_ref"})
# Free-text feedback fields and the feedback kind each stages as.
FEEDBACK_FIELDS: dict[str, str] = {
    "feedback_hope": "hope",
    "feedback_quote": "quote",
    "feedback_improve": "improve",
}

_RESPONDENT = ("submitted_at", "email", "name", "team", "organisation", "organisation_other")
_PILOT = (*_RESPONDENT, "practice_use_score", "external_ref", "wave", *FEEDBACK_FIELDS)
# The months-later follow-up: who, and the same 0-10 question (its other columns are not kept).
_FOLLOWUP = (*_RESPONDENT, "practice_use_score", "external_ref")

KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "baseline": (*_RESPONDENT, "life_stages", "practice_use_score", "interest"),
    "pilot_pre": _PILOT,
    "pilot_post": _PILOT,
    "pilot": _PILOT,
    "pilot_followup": _FOLLOWUP,
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "baseline": ("email", "life_stages", "practice_use_score"),
    "pilot_pre": ("email", "practice_use_score"),
    "pilot_post": ("email", "practice_use_score"),
    "pilot": ("email", "practice_use_score", "wave"),
    "pilot_followup": ("email", "practice_use_score"),
}

# Asked in the standard form, but a shorter form without them still loads (with a warning and
# the chance to pick the column): their answers are then blank.
EXPECTED: dict[str, tuple[str, ...]] = {
    "baseline": ("organisation", "interest"),
}

# Fixed-column layouts that only the template CSVs provide.
PROGRAMME_COLUMNS: dict[str, tuple[str, ...]] = {
    "cohorts": (
        "life_stage", "cohort_number", "start_date", "end_date", "places", "location", "status",
    ),
    "comms": ("event_date", "kind", "title"),
    "feedback": ("email", "kind", "text"),
}  # fmt: skip
PROGRAMME_REQUIRED: dict[str, tuple[str, ...]] = {
    "cohorts": ("life_stage", "cohort_number", "start_date", "end_date"),
    "comms": ("event_date", "title"),
    "feedback": ("kind", "text"),
}

FIELD_LABELS: dict[str, str] = {
    "submitted_at": "date submitted",
    "email": "e-mail address",
    "name": "name",
    "team": "team/service",
    "life_stages": "life stage(s)",
    "organisation": "type of organisation",
    "organisation_other": "organisation ('Other' text)",
    "practice_use_score": "0-10 use in practice",
    "interest": "interest in the programme",
    "external_ref": "external reference",
    "wave": "wave (pre/post)",
    "feedback_hope": "what they hope to gain",
    "feedback_quote": "most useful part",
    "feedback_improve": "what could improve",
}
