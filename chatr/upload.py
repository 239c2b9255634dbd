"""The one way data gets in, for the Upload page and `chatr load` alike: parse the file
(chatr.ingest), check it, and write it in one transaction, or refuse it and change nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from chatr import db, erasure, load, queries, waves
from chatr.ingest import (
    COHORT_KINDS,
    KINDS,
    PILOT_KINDS,
    ParsedUpload,
    Problem,
    engagement,
    parse_upload,
)
from chatr.ingest.read import first_bytes
from chatr.ingest.validation import ENGAGEMENT_KINDS, FOLLOWUP_KIND
from chatr.undo import undo_batch

if TYPE_CHECKING:  # imported where a DataFrame is made: `chatr load` starts lighter without
    import pandas as pd

PREVIEW_ROWS = 20
# A cohort has about 11 places: a "pilot" file with many more responses is almost certainly
# another survey (the system baseline) picked under the wrong kind.
MAX_PILOT_ROWS = 60


class _Refused(Exception):
    """Raised inside the transaction so it rolls back; carries the report."""

    def __init__(self, parsed: ParsedUpload) -> None:
        super().__init__("refused")
        self.parsed = parsed


@dataclass
class Outcome:
    """What happened to one upload, for a person to read."""

    status: str  # "loaded", "refused" or "already_loaded"
    message: str
    parsed: ParsedUpload | None = None
    batch_id: int | None = None
    notes: list[str] = field(default_factory=list)
    unmatched: pd.DataFrame | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.parsed.problems if self.parsed else []

    def summary(self) -> str:
        """The message with its notes, and who still lacks one of a cohort's two surveys."""
        text = " ".join([self.message, *self.notes])
        if self.unmatched is not None and len(self.unmatched):
            n = len(self.unmatched)
            text += f" {n} participant(s) have only one of the two surveys so far."
        return text


def check(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    kind: str,
    overrides: dict[str, str] | None = None,
    *,
    event: str | None = None,
) -> tuple[ParsedUpload, pd.DataFrame]:
    """Parse without writing anything: the report and the first rows that would be loaded
    (`event`: an attendance report's event title, instead of the meeting's own)."""
    cursor = con.cursor()  # its temp tables vanish when it closes
    try:
        parsed = _parse(cursor, data, file_name, kind, overrides, event)
        erasure.leave_out_erased(cursor, parsed)  # people erased on request stay out
        if kind == "baseline" and "baseline_response" in parsed.staged:
            parsed.wave_suggestion = suggested_wave(cursor)
        import pandas as pd

        rows = pd.DataFrame()
        if parsed.staged:
            table = next(iter(parsed.staged.values()))
            rows = cursor.execute(f"select * from {table} limit {PREVIEW_ROWS}").df()  # noqa: S608
        return parsed, rows
    finally:
        cursor.close()


def load_file(
    con: duckdb.DuckDBPyConnection,
    data: bytes | Path,
    file_name: str,
    kind: str,
    *,
    cohort: str | None,
    uploaded_by: str,
    overrides: dict[str, str] | None = None,
    event: str | None = None,
    wave: str | None = None,
) -> Outcome:
    """Validate and load one file (its bytes, or a file on disk: a large CSV is then read where
    it lies) in one transaction; on any error nothing changes (`wave`: a baseline upload's
    survey wave, by label; None picks one as chatr.load.resolve_wave says)."""
    if kind not in KINDS and kind not in ENGAGEMENT_KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS + ENGAGEMENT_KINDS)}")
    ref = _cohort_ref(kind, cohort)
    if wave is not None:
        if problem := wave_problem(kind, wave):
            return Outcome("refused", problem)
        wave = waves.checked_label(wave)
    sha = load.sha256_of(data)
    earlier = queries.first_row(con, "batch_by_sha256", sha256=sha, kind=kind)
    if earlier is not None:
        return Outcome(
            "already_loaded",
            f"This exact file was already loaded by {earlier['uploaded_by']} on "
            f"{earlier['uploaded_at']:%d %b %Y %H:%M} (batch {earlier['batch_id']}); "
            "nothing changed.",
            batch_id=int(earlier["batch_id"]),
        )
    # Parse on a cursor of its own, outside any transaction: the parser's probing may hit
    # errors that would abort one. The same cursor then holds the load's transaction, so the
    # staged temp tables are used where they are, never copied.
    cursor = con.cursor()
    try:
        parsed = _parse(cursor, data, file_name, kind, overrides, event)
        erasure.leave_out_erased(cursor, parsed)  # people erased on request stay out
        with db.transaction_on(cursor) as tx:
            return _load(tx, parsed, file_name, kind, ref, uploaded_by, sha, overrides, wave)
    except _Refused as refused:
        n = len(refused.parsed.errors)
        return Outcome(
            "refused",
            f"Not loaded: {n} problem{'s' if n != 1 else ''} to fix first. Nothing was changed.",
            parsed=refused.parsed,
        )
    finally:
        cursor.close()


def _load(tx, parsed, file_name, kind, ref, uploaded_by, sha, overrides, wave) -> Outcome:
    if kind == FOLLOWUP_KIND:
        _check_followup_cohort(tx, ref, parsed)
    if not parsed.ok:
        raise _Refused(parsed)
    batch_id = load.record_batch(
        tx,
        kind=kind,
        file_name=file_name,
        sha256=sha,
        source_format=parsed.tool,
        uploaded_by=uploaded_by,
        n_rows=parsed.n_rows_staged,
        n_warnings=len(parsed.warnings),
    )
    notes, cohort_id = [], None
    if ref is not None:
        cohort_id, created = load.resolve_cohort(tx, ref, batch_id)
        if created:
            notes.append(f"{ref} was not in the plan, so it was added (dates to be checked).")
    load.store(tx, kind, batch_id, cohort_id, wave)
    for name, header in (overrides or {}).items():
        queries.write(
            tx, "save_column_mapping", form_signature=parsed.form_signature, field=name,
            header=header, saved_by=uploaded_by,
        )  # fmt: skip
    unmatched = None
    if cohort_id is not None and kind in PILOT_KINDS:
        unmatched = queries.read_in(tx, "pilot_unmatched", cohort_id=cohort_id)
    message = (
        f"Loaded {parsed.n_rows_staged} rows from {file_name} ({parsed.layout}) "
        f"as batch {batch_id}."
    )
    return Outcome("loaded", message, parsed, batch_id, notes, unmatched)


def _check_followup_cohort(tx, ref: load.CohortRef, parsed: ParsedUpload) -> None:
    """A follow-up months later is compared with the cohort's before survey: refuse it for a
    cohort with neither a before nor an after survey loaded (a mistyped cohort, most likely)."""
    n = queries.write(
        tx, "cohort_surveyed_people", life_stage=ref.life_stage, cohort_number=ref.number
    )[0][0]
    if not n:
        parsed.error(
            f"{ref} has no before or after survey loaded, so a follow-up cannot be compared "
            "with anything. Check the cohort's life stage and number, or load its before and "
            "after surveys first."
        )


def _parse(con, data, file_name, kind, overrides, event=None) -> ParsedUpload:
    """Parse; where columns could not be mapped, reuse the mapping saved for this form."""
    if kind in ENGAGEMENT_KINDS:
        data = data.read_bytes() if isinstance(data, Path) else data
        return engagement.parse_engagement(con, data, file_name, kind, event_title=event)
    if wrong := engagement.wrong_kind(first_bytes(data), kind):  # a Slack export, attendance report
        parsed = ParsedUpload(kind=kind)
        parsed.error(wrong)
        return parsed
    parsed = parse_upload(con, data, file_name, kind, column_overrides=overrides)
    if parsed.unmapped and not overrides and parsed.form_signature:
        saved = queries.read(con, "saved_column_mapping", form_signature=parsed.form_signature)
        if len(saved):
            remembered = dict(zip(saved.field, saved.header, strict=True))
            parsed = parse_upload(con, data, file_name, kind, column_overrides=remembered)
    if kind in PILOT_KINDS and parsed.n_rows_staged > MAX_PILOT_ROWS:
        parsed.error(
            f"This file has {parsed.n_rows_staged} responses, but a pilot cohort has about 11 "
            "participants. Is it the System baseline survey? Choose what is in the file again."
        )
    return parsed


def _cohort_ref(kind: str, cohort: str | None) -> load.CohortRef | None:
    if kind not in COHORT_KINDS:
        return None
    if not cohort:
        raise ValueError(f"A {kind} file belongs to a cohort: give it, e.g. 'Perinatal #1'.")
    return load.CohortRef.parse(cohort)


def history(con: duckdb.DuckDBPyConnection, n_latest: int | None = 100) -> pd.DataFrame:
    """The latest loads (every one for None), newest first."""
    return queries.read(con, "upload_history", n_latest=n_latest)


def history_entries(history_rows: pd.DataFrame) -> list[dict]:
    """The upload history as JSON-ready dicts (`chatr history --json`), in the rows' order."""
    return [
        {
            "batch": int(row.batch_id), "file": row.file_name, "kind": row.kind,
            "rows": int(row.n_rows), "status": row.status, "by": row.uploaded_by,
            "at": row.uploaded_at.isoformat(),
        }
        for row in history_rows.itertuples()
    ]  # fmt: skip


def undo(con: duckdb.DuckDBPyConnection, batch_id: int, *, undone_by: str) -> str:
    """Undo a loaded batch in one transaction, as if it had never been loaded (chatr.undo),
    recording who did it; what was done, for a person to read."""
    found = queries.read(con, "upload_batch", batch_id=batch_id)
    if found.empty or found.status.iloc[0] != "loaded":
        raise ValueError(f"Batch {batch_id} is not a loaded batch; nothing changed.")
    kind = found.kind.iloc[0]
    with db.transaction(con) as tx:
        undo_batch(tx, batch_id, kind, undone_by)
    return f"Batch {batch_id} ({kind}, {found.file_name.iloc[0]}) undone."


def batch_labels(history_rows: pd.DataFrame) -> dict[int, str]:
    """batch_id -> '#3 · baseline · file.xlsx · by jsmith, 28 Nov 2026 10:04' for pickers."""
    return {
        int(row.batch_id): (
            f"#{row.batch_id} · {row.kind} · {row.file_name} · by {row.uploaded_by}, "
            f"{row.uploaded_at:%d %b %Y %H:%M}"
        )
        for row in history_rows.itertuples()
    }


def wave_problem(kind: str, wave: str | None) -> str | None:
    """What is wrong with the survey wave named for an upload of `kind`, for a person; None if
    fine (None: no wave named)."""
    if wave is None:
        return None
    if kind != "baseline":
        return f"Only a baseline upload goes into a survey wave, not a {kind} file."
    try:
        waves.checked_label(wave)
    except ValueError as error:
        return str(error)
    return None


def suggested_wave(cursor: duckdb.DuckDBPyConnection) -> WaveSuggestion:
    """For a checked baseline upload (its staged rows on `cursor`): the wave it goes to unless
    another is chosen (as `chatr load` without --wave), whether the file's dates overlap it,
    and a label for a new wave named from those dates."""
    wave_id, overlapping, label = queries.write(cursor, "staged_baseline_wave")[0]
    return WaveSuggestion(None if wave_id is None else int(wave_id), bool(overlapping), label)


@dataclass(frozen=True)
class WaveSuggestion:
    wave_id: int | None
    is_overlapping: bool
    new_label: str


NEW_WAVE = "A new survey wave (name it)"


def wave_options(listed: pd.DataFrame, suggestion: WaveSuggestion) -> tuple[list[str], int]:
    """The Upload page's wave choices (each wave's label, then NEW_WAVE) and the one offered
    first: the wave the upload goes to without a choice, else (no wave yet) a new one."""
    options = [*listed.label, NEW_WAVE]
    ids = [int(wave_id) for wave_id in listed.wave_id]
    return options, ids.index(suggestion.wave_id) if suggestion.wave_id in ids else len(ids)


def wave_note(suggestion: WaveSuggestion, chosen: str) -> str | None:
    """A word when the file's dates fall outside the wave chosen: it may be a new run."""
    if chosen == NEW_WAVE or suggestion.is_overlapping or suggestion.wave_id is None:
        return None
    return (
        f"This file's answers fall outside the dates of {chosen}. If it is a new run of the "
        f"survey, choose '{NEW_WAVE}' (suggested name: {suggestion.new_label})."
    )


def cohort_problem(kind: str, cohort: str | None) -> str | None:
    """What is wrong with the cohort given for an upload of `kind`, for a person; None if fine."""
    try:
        _cohort_ref(kind, cohort)
    except ValueError as error:
        return str(error)
    return None


HISTORY_COLUMNS = {
    "batch_id": "Batch", "uploaded_at": "When", "uploaded_by": "By", "file_name": "File",
    "source_format": "Read as", "kind": "Kind", "n_rows": "Rows", "n_warnings": "Warnings",
    "status": "Status", "undone_by": "Undone by", "undone_at": "Undone at",
}  # fmt: skip


def history_table(history_rows: pd.DataFrame) -> pd.DataFrame:
    """Upload history with the column names the page shows."""
    return history_rows.rename(columns=HISTORY_COLUMNS)


def problems_table(parsed: ParsedUpload) -> pd.DataFrame:
    """The validation report, one row per problem, as the Upload page shows it."""
    import pandas as pd

    return pd.DataFrame(
        [
            {"": p.severity, "what to do": p.message, "row (as in Excel)": p.row,
             "value": p.value or "", "column": p.column or ""}
            for p in parsed.problems
        ],
        columns=["", "what to do", "row (as in Excel)", "value", "column"],
    )  # fmt: skip
