"""The demo data shipped in `data/`: canonical CSVs true to the programme's December 2020 update."""

from __future__ import annotations

import duckdb

from chatr import db, load
from chatr.paths import DEMO_DIR

# (kind, file, cohort): the plan first, so pilot data finds its cohort.
DEMO_FILES: tuple[tuple[str, str, str | None], ...] = (
    ("cohorts", "cohorts.csv", None),
    ("comms", "comms.csv", None),
    ("baseline", "baseline.csv", None),
    ("pilot", "pilot_perinatal_1.csv", "Perinatal #1"),
    ("feedback", "feedback_perinatal_1.csv", "Perinatal #1"),
)


def load_demo(con: duckdb.DuckDBPyConnection, uploaded_by: str = "demo") -> int:
    """Load every demo file in one transaction; the number of rows loaded."""
    total = 0
    with db.transaction(con) as tx:
        for kind, file_name, cohort in DEMO_FILES:
            path = DEMO_DIR / file_name
            n_rows = load.stage_canonical(tx, kind, path)
            batch_id = load.record_batch(
                tx,
                kind=kind,
                file_name=file_name,
                sha256=load.sha256_of(path.read_bytes()),
                source_format="canonical",
                uploaded_by=uploaded_by,
                n_rows=n_rows,
                n_warnings=0,
            )
            cohort_id = None
            if cohort:
                cohort_id, _ = load.resolve_cohort(tx, load.CohortRef.parse(cohort), batch_id)
            load.store(tx, kind, batch_id, cohort_id)
            total += n_rows
    return total
