"""Undoing a batch: every table as it would be had the batch never been loaded.

Each upload's rows are kept as loaded (queries/schema_loaded.sql, baseline_submission, the
Slack and attendance tables), and the current rows are the newest loaded batch's: undoing a
batch deletes its kept rows and rebuilds the current ones from what is left, so a newer export
undone brings the older one's rows back. The plan, which is edited in the app as well, keeps
instead each cohort as an upload found it (cohort_superseded) and puts it back.
"""

from __future__ import annotations

import duckdb

from chatr import load, queries
from chatr.ingest.validation import ENGAGEMENT_KINDS

# The tables keeping a batch's rows as loaded, each with its delete_batch_<table> query.
KEPT_TABLES = (
    "baseline_submission", "pilot_rating_loaded", "likert_answer_loaded", "feedback_loaded",
    "comms_event_loaded",
)  # fmt: skip
# The tables a Community of Practice upload writes, one row set per batch (its views fall back
# to the previous export's rows once they go).
ENGAGEMENT_TABLES = (
    "slack_export", "slack_export_channel", "slack_export_member", "slack_export_message",
    "attendance_event", "attendee",
)  # fmt: skip


def undo_batch(tx: duckdb.DuckDBPyConnection, batch_id: int, kind: str, undone_by: str) -> None:
    """Undo a loaded batch inside the caller's transaction, recording who did it."""
    queries.write(tx, "mark_batch_undone", batch_id=batch_id, undone_by=undone_by)
    cohort_ids = [row[0] for row in queries.write(tx, "batch_cohort_ids", batch_id=batch_id)]
    # While the batch's rows are still kept: who it brought in that no other batch holds.
    queries.write(tx, "delete_batch_people", batch_id=batch_id)
    queries.write(tx, "delete_orphan_recruitment_marks")
    if kind == "baseline":
        load.refresh_baseline(tx, batch_id)  # counts only the batches still loaded
    for table in KEPT_TABLES:
        queries.write(tx, f"delete_batch_{table}", batch_id=batch_id)
    if kind == "baseline":
        queries.write(tx, "delete_empty_survey_waves")  # a wave the batch began goes with it
    for cohort_id in cohort_ids:
        load.refresh_cohort(tx, cohort_id)
    queries.write(tx, "delete_unused_statements")
    queries.write(tx, "delete_batch_comms_event", batch_id=batch_id)
    queries.write(tx, "restore_listed_comms_events", batch_id=batch_id)
    _undo_plan(tx, batch_id)
    if kind in ENGAGEMENT_KINDS:
        for table in ENGAGEMENT_TABLES:
            queries.write(tx, f"delete_batch_{table}", batch_id=batch_id)


def _undo_plan(tx: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    # Any kind may have added a cohort (a pilot for a cohort not in the plan), so always.
    queries.write(tx, "restore_superseded_cohorts", batch_id=batch_id)
    queries.write(tx, "delete_batch_cohort", batch_id=batch_id)
    queries.write(tx, "splice_superseded_cohorts", batch_id=batch_id)
    queries.write(tx, "delete_batch_superseded_cohorts", batch_id=batch_id)
