"""The headline figures as one JSON-ready dict (`python -m chatr figures`); its shape is fixed."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from chatr import baseline, community, pilot, stats, waves
from chatr.filters import Filters
from chatr.reference import INTEREST_ANSWERS, LIFE_STAGES


def figures(con: duckdb.DuckDBPyConnection, filters: Filters, today: date | None = None) -> dict:
    """Baseline figures for the filters, one entry per cohort in the plan, the Community of
    Practice and the sessions (these two are not filtered: Slack and meetings know no life
    stage or organisation)."""
    return {
        "baseline": baseline_figures(con, filters),
        "waves": wave_figures(con, filters),
        "wave_change": wave_change_figures(con, filters),
        "cohorts": [cohort_figures(con, row) for row in pilot.cohorts(con, today).itertuples()],
        "community": community_figures(con),
        "events": event_figures(con),
    }


def baseline_figures(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> dict:
    """The figures of survey wave `wave_id` (None: the earliest, as before there were waves)."""
    if wave_id is None:
        wave_id = waves.earliest_id(con)
    answered = baseline.answered(con, filters, wave_id)
    summary = baseline.practice_use_summary(con, filters, wave_id)
    distribution = baseline.practice_use_distribution(con, filters, wave_id)
    stages = baseline.life_stages(con, filters, wave_id).set_index("life_stage")["n_respondents"]
    interest = baseline.interest(con, filters, wave_id).set_index("interest")["n_respondents"]
    organisations = baseline.organisations(con, filters, wave_id)
    return {
        "respondents": answered.respondents,
        "answered": {
            "life_stages": answered.life_stages,
            "organisation": answered.organisation,
            "practice_use_score": answered.practice_use_score,
            "interest": answered.interest,
        },
        "practice_use_mean": None if summary.mean is None else round(summary.mean, 3),
        "practice_use_median": summary.median,
        "practice_use_distribution": {
            str(row.practice_use_score): int(row.n_respondents) for row in distribution.itertuples()
        },
        "life_stage_counts": {stage: int(stages.get(stage, 0)) for stage in LIFE_STAGES},
        "organisation_counts": {
            row.organisation: int(row.n_respondents) for row in organisations.itertuples()
        },
        "interest_counts": {answer: int(interest.get(answer, 0)) for answer in INTEREST_ANSWERS},
    }


def wave_figures(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[dict]:
    """One entry per survey wave, earliest first, for the filters."""
    found = []
    for wave in waves.listed(con).itertuples():
        figures_of_wave = baseline_figures(con, filters, int(wave.wave_id))
        found.append(
            {
                "wave": wave.label,
                "first_submitted": _day(wave.first_submitted),
                "last_submitted": _day(wave.last_submitted),
                **{key: figures_of_wave[key] for key in WAVE_KEYS},
            }
        )
    return found


# What each wave repeats of the baseline figures.
WAVE_KEYS = (
    "respondents", "practice_use_mean", "practice_use_median", "life_stage_counts",
    "organisation_counts", "interest_counts",
)  # fmt: skip


def wave_change_figures(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[dict]:
    """One entry per consecutive pair of survey waves: the unpaired change (Welch), the same
    people's change (Wilcoxon), and the trained against the others."""
    listed = waves.listed(con)
    found = []
    for earlier, later in zip(listed.itertuples(), listed.iloc[1:].itertuples(), strict=False):
        found.append(pair_figures(con, filters, earlier, later))
    return found


def pair_figures(con: duckdb.DuckDBPyConnection, filters: Filters, earlier, later) -> dict:
    """The change from one wave (a survey_waves row) to a later one."""
    earlier_id, later_id = int(earlier.wave_id), int(later.wave_id)
    unpaired = waves.unpaired_change(con, earlier_id, later_id, filters)
    matched_rows = waves.matched_scores(con, earlier_id, later_id, filters)
    matched = waves.matched_change(matched_rows)
    trained = waves.trained_change(matched_rows)
    return {
        "from": earlier.label,
        "to": later.label,
        "mean_change": unpaired.mean_change,
        "ci95": list(unpaired.ci95) if unpaired.ci95 else None,
        "p_value": unpaired.p_value,
        "matched_people": matched.n,
        "matched_mean_change": matched.mean_change,
        "matched_wilcoxon_p": matched.wilcoxon_p,
        "trained": {"n": trained.trained.n, "mean_change": trained.trained.mean_change},
        "untrained": {"n": trained.untrained.n, "mean_change": trained.untrained.mean_change},
        "trained_minus_untrained_ci95": list(trained.ci95) if trained.ci95 else None,
    }


def _day(value) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def cohort_figures(con: duckdb.DuckDBPyConnection, cohort) -> dict:
    scores = pilot.scores(con, cohort.cohort_id)
    matched = scores[scores["is_matched"]]
    lasting = pilot.followup_pairs(scores)
    agree = pilot.pct_agree(pilot.likert_levels(con, cohort.cohort_id))
    return {
        "cohort": cohort.cohort_label,
        "life_stage": cohort.life_stage,
        "number": int(cohort.cohort_number),
        "start": pd.Timestamp(cohort.start_date).date().isoformat(),
        "end": pd.Timestamp(cohort.end_date).date().isoformat(),
        "status": cohort.status,
        "participants": int(len(scores)),
        "matched_pairs": int(len(matched)),
        "before": pilot.Spread.of(scores["score_before"]).as_dict(),
        "after": pilot.Spread.of(scores["score_after"]).as_dict(),
        "wilcoxon_p": stats.wilcoxon_p(matched["score_before"], matched["score_after"]),
        "pct_agree": {row.statement_text: float(row.pct_agree) for row in agree.itertuples()},
        "feedback_items": int(len(pilot.feedback(con, cohort.cohort_id))),
        # The months-later follow-up survey (n 0 and nulls when none is loaded), and the
        # Wilcoxon test of follow-up against before over the people with both.
        "followup": pilot.Spread.of(scores["score_followup"]).as_dict(),
        "followup_wilcoxon_p": stats.wilcoxon_p(lasting["score_before"], lasting["score_followup"]),
    }


def community_figures(con: duckdb.DuckDBPyConnection) -> dict:
    """The Slack workspace: counts, by month, and each cohort's take-up (zeros and empty lists
    when no export is loaded)."""
    summary = community.summary(con)
    months = community.by_month(con)
    return {
        "members": summary.n_members,
        "posting_members": summary.n_posting_members,
        "messages": summary.n_messages,
        "replies": summary.n_replies,
        "threads": summary.n_threads,
        "links_shared": summary.n_links,
        "messages_by_month": dict(
            zip(months["month"], map(int, months["n_messages"]), strict=True)
        ),
        "active_members_by_month": dict(
            zip(months["month"], map(int, months["n_active_members"]), strict=True)
        ),
        "cohorts": [
            {
                "cohort": row.cohort_label,
                "cohort_end": pd.Timestamp(row.cohort_end).date().isoformat(),
                "participants": int(row.n_participants),
                "in_workspace": int(row.n_in_workspace),
                "active_within_90_days_after_end": int(row.n_active_after_end),
            }
            for row in community.cohort_retention(con, days_after_end=90).itertuples()
        ],
    }


def event_figures(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """One entry per Show & Tell or webinar loaded, by date."""
    return [
        {
            "title": row.title,
            "date": pd.Timestamp(row.event_date).date().isoformat(),
            "kind": row.kind,
            "attendees": int(row.n_attendees),
            "minutes_median": None if pd.isna(row.minutes_median) else float(row.minutes_median),
            "from_pilot": int(row.n_from_pilot),
        }
        for row in community.events(con).itertuples()
    ]
