"""The demo data shipped in `data/`: canonical CSVs true to the programme's December 2020 update."""

from __future__ import annotations

import duckdb

from chatr import db, load, queries
from chatr.paths import DEMO_DIR

# (kind, file, cohort): the plan first, so pilot data finds its cohort.
DEMO_FILES: tuple[tuple[str, str, str | None], ...] = (
    ("cohorts", "cohorts.csv", None),
    ("comms", "comms.csv", None),
    ("baseline", "baseline.csv", None),
    ("pilot", "pilot_perinatal_1.csv", "Perinatal #1"),
    # Synthetic, not from the December 2020 update: a follow-up of the same 11 six months on
    # (June 2021), so the demo shows "does the change last?".
    ("pilot_followup", "pilot_followup_perinatal_1.csv", "Perinatal #1"),
    ("feedback", "feedback_perinatal_1.csv", "Perinatal #1"),
)


# Shown on every page and slide while the demo data is loaded.
DEMO_NOTICE = "Demo data, not the programme's figures"


def load_demo(con: duckdb.DuckDBPyConnection, uploaded_by: str = "demo") -> int:
    """Load every demo file in one transaction, marked as the demo; the number of rows loaded."""
    with db.transaction(con) as tx:
        before = int(queries.write(tx, "latest_batch_id")[0][0])
        n_rows = sum(
            load.load_canonical(tx, kind, DEMO_DIR / file_name, cohort, uploaded_by)
            for kind, file_name, cohort in DEMO_FILES
        )
        queries.write(tx, "mark_demo_batches", after_batch_id=before)
        return n_rows


def holds_demo_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the demo data is loaded: until every demo file is undone on the Upload page."""
    return bool(queries.value(con, "holds_demo_data"))
