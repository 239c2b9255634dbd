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
    with db.transaction(con) as tx:
        return sum(
            load.load_canonical(tx, kind, DEMO_DIR / file_name, cohort, uploaded_by)
            for kind, file_name, cohort in DEMO_FILES
        )
