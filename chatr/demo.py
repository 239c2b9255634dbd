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


# Synthetic, clearly made up: the system survey run again a year on (data/make_baseline_wave2.py
# writes it), so the demo shows change between survey waves. (kind, file, wave label.)
DEMO_LATER_WAVES: tuple[tuple[str, str, str], ...] = (
    ("baseline", "baseline_wave2.csv", "Follow-up Nov 2021"),
)

# Shown on every page and slide while the demo data is loaded.
DEMO_NOTICE = "Demo data, not the programme's figures"


def load_demo(con: duckdb.DuckDBPyConnection, uploaded_by: str = "demo", waves: int = 2) -> int:
    """Load every demo file in one transaction, marked as the demo; the number of rows loaded.
    `waves`: survey waves of the system survey, 1 (the December 2020 update as it was, what
    most tests check) or 2 (with the synthetic follow-up a year on, as `chatr init --demo`)."""
    if waves not in (1, 1 + len(DEMO_LATER_WAVES)):
        raise ValueError(
            f"The demo has 1 or {1 + len(DEMO_LATER_WAVES)} survey waves, not {waves}."
        )
    with db.transaction(con) as tx:
        before = int(queries.write(tx, "latest_batch_id")[0][0])
        n_rows = sum(
            load.load_canonical(tx, kind, DEMO_DIR / file_name, cohort, uploaded_by)
            for kind, file_name, cohort in DEMO_FILES
        )
        n_rows += sum(
            load.load_canonical(tx, kind, DEMO_DIR / file_name, None, uploaded_by, wave=label)
            for kind, file_name, label in DEMO_LATER_WAVES[: waves - 1]
        )
        queries.write(tx, "mark_demo_batches", after_batch_id=before)
        return n_rows


def holds_demo_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the demo data is loaded: until every demo file is undone on the Upload page."""
    return bool(queries.value(con, "holds_demo_data"))
