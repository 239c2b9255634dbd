"""Writing staged rows into the database. Callers wrap each load in one `db.transaction`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from chatr import queries, waves
from chatr.ingest.validation import (
    COHORT_KINDS,
    ENGAGEMENT_KINDS,
    KINDS,
    PILOT_KINDS,
    STATEMENT_KINDS,
)
from chatr.reference import LIFE_STAGES, canonical_life_stage

# The staging query for each kind's canonical CSV (the plain layout with a template).
_CANONICAL_STAGING = {
    "baseline": ("stage_canonical_baseline",),
    "pilot_pre": ("stage_canonical_pilot_raw", "stage_canonical_pilot"),
    "pilot_post": ("stage_canonical_pilot_raw", "stage_canonical_pilot"),
    "pilot": ("stage_canonical_pilot_raw", "stage_canonical_pilot"),
    "pilot_followup": ("stage_canonical_pilot_raw", "stage_canonical_pilot_followup"),
    "cohorts": ("stage_canonical_cohorts",),
    "comms": ("stage_canonical_comms",),
    "feedback": ("stage_canonical_feedback",),
}
_STAGED_ROWS = {
    "baseline": "staged_baseline",
    "pilot_pre": "staged_pilot_response",
    "pilot_post": "staged_pilot_response",
    "pilot": "staged_pilot_response",
    "pilot_followup": "staged_pilot_response",
    "cohorts": "staged_cohort",
    "comms": "staged_comms_event",
    "feedback": "staged_feedback",
}
# The queries that write a staged Community of Practice upload, in order (one table each).
_ENGAGEMENT_STORES = {
    "community": (
        "store_slack_export", "store_slack_channels", "store_slack_members",
        "store_slack_messages",
    ),
    "attendance": ("store_attendance_event", "store_attendees"),
}  # fmt: skip


@dataclass(frozen=True)
class CohortRef:
    """A cohort as people name it: life stage and number, e.g. 'Perinatal #1'."""

    life_stage: str
    number: int

    @classmethod
    def parse(cls, text: str) -> CohortRef:
        """'Perinatal #1', '0-5s #2' or '5-10 2' as a CohortRef; ValueError if it is not one."""
        match = re.fullmatch(r"\s*(.+?)\s*#?\s*(\d+)\s*", text or "")
        stage = canonical_life_stage(match.group(1)) if match else None
        if not match or stage is None:
            raise ValueError(
                f"'{text}' is not a cohort: write the life stage and number, e.g. 'Perinatal #1' "
                f"(life stages: {', '.join(LIFE_STAGES)})"
            )
        return cls(stage, int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.life_stage} #{self.number}"


def sha256_of(data: bytes | Path) -> str:
    """The file's fingerprint (of its bytes, or of the file at a path), used to spot the same
    file uploaded twice."""
    if isinstance(data, Path):
        with data.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    return hashlib.sha256(data).hexdigest()


def stage_canonical(tx: duckdb.DuckDBPyConnection, kind: str, path: Path) -> int:
    """Stage a canonical CSV of `kind` into its temp tables; the number of rows staged."""
    for index, name in enumerate(_CANONICAL_STAGING[kind]):
        params = {"path": str(path)} if index == 0 else {}
        queries.write(tx, name, **params)
    return staged_row_count(tx, kind)


def staged_row_count(tx: duckdb.DuckDBPyConnection, kind: str) -> int:
    """How many rows of `kind` are staged."""
    table = _STAGED_ROWS[kind]  # from a fixed allow-list, never from input
    return int(tx.execute(f"select count(*) from {table}").fetchall()[0][0])  # noqa: S608


def record_batch(tx: duckdb.DuckDBPyConnection, **batch: object) -> int:
    """Record a load in upload_batch; its batch_id."""
    return int(queries.write(tx, "insert_upload_batch", **batch)[0][0])


def resolve_cohort(
    tx: duckdb.DuckDBPyConnection, ref: CohortRef, batch_id: int
) -> tuple[int, bool]:
    """The cohort's id, creating it in the plan if missing (dated by the staged pilot
    responses when there are some, else from today); (cohort_id, was_created)."""
    found = queries.write(tx, "cohort_id", life_stage=ref.life_stage, cohort_number=ref.number)
    if found:
        return int(found[0][0]), False
    start, last = date.today(), None
    if _has_table(tx, "staged_pilot_response") and staged_row_count(tx, "pilot"):
        first, last = queries.write(tx, "staged_pilot_dates")[0]
        start = first or start
    created = queries.write(
        tx,
        "insert_cohort",
        life_stage=ref.life_stage,
        cohort_number=ref.number,
        start_date=start,
        end_date=max(last or start, start + timedelta(days=27)),
        places=11,
        batch_id=batch_id,
    )
    return int(created[0][0]), True


def resolve_wave(tx: duckdb.DuckDBPyConnection, label: str | None) -> int:
    """The survey wave staged baseline rows go to: the one labelled `label` (created if new);
    with no label, the wave whose dates the rows overlap, else the first wave, else a new
    "Baseline <Mon YYYY>" wave named from the rows' first submission."""
    if label is not None:
        label = waves.checked_label(label)
        found = queries.write(tx, "survey_wave_id", label=label)
        if found:
            return int(found[0][0])
        return int(queries.write(tx, "insert_survey_wave", label=label)[0][0])
    wave_id, _, suggested = queries.write(tx, "staged_baseline_wave")[0]
    if wave_id is not None:
        return int(wave_id)
    return resolve_wave(tx, suggested)


def store(
    tx: duckdb.DuckDBPyConnection,
    kind: str,
    batch_id: int,
    cohort_id: int | None,
    wave: str | None = None,
) -> None:
    """Write the staged rows of `kind` into the real tables, inside the caller's transaction
    (`wave`: the survey wave's label for a baseline upload; see resolve_wave)."""
    if kind == "baseline":
        wave_id = resolve_wave(tx, wave)
        queries.write(tx, "set_batch_wave", batch_id=batch_id, wave_id=wave_id)
        _store_people(tx, "staged_baseline")
        queries.write(tx, "store_baseline_responses", batch_id=batch_id, wave_id=wave_id)
        refresh_baseline(tx, batch_id)
    elif kind in PILOT_KINDS:
        _store_people(tx, "staged_pilot_response")
        queries.write(tx, "store_pilot_ratings", batch_id=batch_id, cohort_id=cohort_id)
        if kind in STATEMENT_KINDS:  # the follow-up keeps its 0-10 ratings only
            queries.write(tx, "store_statements")
            queries.write(tx, "store_likert_answers", batch_id=batch_id, cohort_id=cohort_id)
            queries.write(tx, "store_feedback", batch_id=batch_id, cohort_id=cohort_id)
        refresh_cohort(tx, cohort_id)
    elif kind == "cohorts":
        queries.write(tx, "save_superseded_cohorts", batch_id=batch_id)
        queries.write(tx, "store_cohorts", batch_id=batch_id)
    elif kind == "comms":
        queries.write(tx, "store_comms_events_loaded", batch_id=batch_id)
        queries.write(tx, "store_comms_events", batch_id=batch_id)
    elif kind == "feedback":
        queries.write(tx, "store_feedback_people")  # so their feedback goes if they are erased
        queries.write(tx, "store_feedback_file", batch_id=batch_id, cohort_id=cohort_id)
        refresh_cohort(tx, cohort_id)
    elif kind in ENGAGEMENT_KINDS:
        for name in _ENGAGEMENT_STORES[kind]:
            queries.write(tx, name, batch_id=batch_id)
    else:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")


def load_canonical(
    tx: duckdb.DuckDBPyConnection,
    kind: str,
    path: Path,
    cohort: str | None,
    uploaded_by: str,
    wave: str | None = None,
) -> int:
    """Stage and store one canonical CSV inside the caller's transaction; rows loaded."""
    n_rows = stage_canonical(tx, kind, path)
    batch_id = record_batch(
        tx,
        kind=kind,
        file_name=path.name,
        sha256=sha256_of(path),
        source_format="canonical",
        uploaded_by=uploaded_by,
        n_rows=n_rows,
        n_warnings=0,
    )
    cohort_id = None
    if kind in COHORT_KINDS:
        if not cohort:
            raise ValueError(f"A {kind} file needs its cohort, e.g. 'Perinatal #1'.")
        cohort_id, _ = resolve_cohort(tx, CohortRef.parse(cohort), batch_id)
    store(tx, kind, batch_id, cohort_id, wave)
    return n_rows


def _has_table(tx: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(queries.write(tx, "temp_table_exists", table_name=table)[0][0])


def _store_people(tx: duckdb.DuckDBPyConnection, staged_table: str) -> None:
    # The name goes into the SQL text, so it must be one of ours; an explicit check, because
    # `assert` vanishes under `python -O`.
    if staged_table not in _STAGED_ROWS.values():
        raise ValueError(f"unexpected staged table {staged_table!r}")
    # Baseline exports carry no external reference; give every staged table the column.
    tx.execute(f"alter table {staged_table} add column if not exists external_ref varchar")
    queries.write(tx, "store_staged_people", staged_table=staged_table)
    queries.write(tx, "upsert_people", staged_table=staged_table)
    queries.write(tx, "update_known_people", staged_table=staged_table)
    queries.write(tx, "add_known_people_email", staged_table=staged_table)


def refresh_cohort(tx: duckdb.DuckDBPyConnection, cohort_id: int) -> None:
    """Rebuild a cohort's current pilot ratings, Likert answers and feedback from the rows every
    loaded batch keeps (queries/schema_loaded.sql): a newer export replaces, an undo restores."""
    for table in ("pilot_rating", "likert_answer", "feedback"):
        queries.write(tx, f"clear_current_{table}", cohort_id=cohort_id)
        queries.write(tx, f"insert_current_{table}", cohort_id=cohort_id)


def refresh_baseline(tx: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Rebuild baseline_response for the people of a batch in its survey wave: each keeps their
    latest submission to that wave among batches still loaded (a newer export replaces, an
    undone batch's answers go); then recount baseline_cube and the waves' dates."""
    queries.write(tx, "clear_baseline_responses", batch_id=batch_id)
    queries.write(tx, "insert_latest_baseline_responses", batch_id=batch_id)
    queries.write(tx, "refresh_baseline_cube")
