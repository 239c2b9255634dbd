"""What a parse tells the caller: problems found and the staged tables ready to load."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Every kind of upload, as the Upload page names it: the one list the page, the CLI and the
# loader share.
KIND_LABELS: dict[str, str] = {
    "baseline": "System baseline survey",
    "pilot_pre": "Pilot cohort: before (baseline) survey",
    "pilot_post": "Pilot cohort: after (follow-up) survey",
    "pilot": "Pilot cohort: one file with both surveys (e.g. Qualtrics)",
    "pilot_followup": "Pilot cohort: follow-up survey, months after (does the change last?)",
    "cohorts": "Rollout plan (cohorts)",
    "comms": "Communications events",
    "feedback": "Feedback and retrospective",
}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)
# The months-later follow-up asks the same 0-10 question again, and only that is kept of it: its
# phase is 'months_later' (queries/schema.sql). The others also carry the Likert statements and
# free-text answers, one set per participant (a follow-up's would replace the after survey's).
FOLLOWUP_KIND = "pilot_followup"
STATEMENT_KINDS: tuple[str, ...] = ("pilot_pre", "pilot_post", "pilot")
PILOT_KINDS: tuple[str, ...] = (*STATEMENT_KINDS, FOLLOWUP_KIND)
COHORT_KINDS: tuple[str, ...] = (*PILOT_KINDS, "feedback")  # a file that belongs to one cohort
# The Community of Practice uploads (chatr/ingest/engagement.py reads them): the same checks,
# transaction, history and undo, but their own readers and no CSV template, so not in KINDS.
ENGAGEMENT_KIND_LABELS: dict[str, str] = {
    "community": "Community of Practice: Slack workspace export (.zip)",
    "attendance": "Show & Tell or webinar: Teams or Zoom attendance report",
}
ENGAGEMENT_KINDS: tuple[str, ...] = tuple(ENGAGEMENT_KIND_LABELS)

TOOLS: tuple[str, ...] = (
    "google_forms",
    "google_sheets",
    "microsoft_forms",
    "microsoft_forms_csv",
    "surveymonkey",
    "qualtrics",
    "canonical",
)

# The database table each staged temp table is loaded into (ParsedUpload.staged's keys).
TARGET_TABLES: dict[str, str] = {
    "staged_baseline": "baseline_response",
    "staged_pilot_response": "pilot_rating",
    "staged_likert": "likert_answer",
    "staged_feedback": "feedback",
    "staged_cohort": "cohort",
    "staged_comms_event": "comms_event",
}

# One bad value repeated down a million rows must not become a million messages.
MAX_PROBLEMS_PER_CHECK = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, located as the user sees it in their spreadsheet."""

    severity: Literal["error", "warning"]
    row: int | None
    column: str | None
    value: str | None
    message: str


@dataclass
class ParsedUpload:
    """The result of reading one file: where it came from, what is wrong, what was staged."""

    kind: str
    tool: str = "canonical"
    layout: str = ""
    problems: list[Problem] = field(default_factory=list)
    staged: dict[str, str] = field(default_factory=dict)
    n_rows_in_file: int = 0
    n_rows_staged: int = 0
    n_duplicates_merged: int = 0
    n_excluded: int = 0
    column_map: dict[str, str] = field(default_factory=dict)
    unmapped: dict[str, list[str]] = field(default_factory=dict)
    form_signature: str = ""
    # A baseline upload's survey wave as its dates suggest (chatr.upload.WaveSuggestion), set
    # by chatr.upload.check.
    wave_suggestion: object | None = None

    @property
    def ok(self) -> bool:
        """True when nothing blocks loading (warnings are allowed)."""
        return not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that block loading."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are reported but do not block loading."""
        return [p for p in self.problems if p.severity == "warning"]

    def stage(self, temp_table: str) -> None:
        """Record a staged temp table under the database table it is loaded into."""
        self.staged[TARGET_TABLES[temp_table]] = temp_table

    def error(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        """Record a blocking problem."""
        self.problems.append(Problem("error", row, column, _text(value), message))

    def warn(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        """Record a problem that does not block loading."""
        self.problems.append(Problem("warning", row, column, _text(value), message))


def _text(value: object) -> str | None:
    """The value as the user typed it, for display; None stays None."""
    return None if value is None else str(value)
