"""Where a slide's numbers come from: files, latest upload date and survey tool."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from chatr import queries
from chatr.board.takeaways import day

TOOL_NAMES = {
    "google_forms": "Google Forms",
    "google_sheets": "Google Sheets",
    "microsoft_forms": "Microsoft Forms",
    "microsoft_forms_csv": "Microsoft Forms CSV",
    "surveymonkey": "SurveyMonkey",
    "qualtrics": "Qualtrics",
    "canonical": "dashboard CSV",
    "slack": "Slack",
    "teams": "Microsoft Teams",
    "zoom": "Zoom",
}

SOURCE_NAMES = {
    "baseline": "System baseline survey",
    "pilot": "Pilot surveys",
    "plan": "Rollout plan",
    "plan_edits": "edited in the app",
    "community": "Community of Practice Slack export",
    "attendance": "Show & Tell and webinar attendance reports",
}


def source_text(
    con: duckdb.DuckDBPyConnection, kinds: Sequence[str], cohort_id: int | None = None
) -> str:
    """'System baseline survey: 3 files, latest uploaded 4 Mar 2026 (Google Forms)'; ..."""
    rows = queries.read(con, "data_sources", cohort_id=cohort_id).set_index("source")
    parts = []
    for kind in kinds:
        if kind not in rows.index:
            continue
        row = rows.loc[kind]
        when = day(row["latest_at"])
        if kind == "plan_edits":
            parts.append(f"last edited in the app {when}")
            continue
        files = f"{int(row['n_files'])} file{'s' if int(row['n_files']) != 1 else ''}"
        tool = TOOL_NAMES.get(row["latest_format"], str(row["latest_format"]))
        parts.append(f"{SOURCE_NAMES[kind]}: {files}, latest uploaded {when} ({tool})")
    return "; ".join(parts) or "no data loaded yet"
