"""What a board member (viewer) may see: the one layer every viewer-facing number goes through.

Three rules, each against a way of working out a small group from what is shown:
- a cell under MIN_CELL is withheld, with the cell that would give it away by subtraction
  (`chatr.suppression`, applied here to every breakdown a viewer gets);
- differencing: a filter is withheld when a wider filter one choice away (one life stage,
  organisation type or answer added back; every choice made = no filter) holds 1 to
  MIN_CELL - 1 more people, since comparing the two screens would give those people away.
  The wider view stays shown, so the unfiltered page is never withheld for this reason;
- precision: what reaches a viewer's browser carries no more than the screen shows (means to
  one decimal), and a spread (quartiles, range) only from BOX_MIN people, else the median.
Leads and admins see every number; pages never decide any of this themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import duckdb
import numpy as np
import pandas as pd

from chatr import baseline, queries, suppression, waves
from chatr.filters import Filters
from chatr.reference import LIFE_STAGES, ORGANISATIONS

MIN_CELL = suppression.MIN_CELL
SMALL = suppression.SMALL
BOX_MIN = 2 * MIN_CELL  # a box of fewer shows (nearly) every value as a quartile or whisker
MEAN_DECIMALS = 1


def wider_filters(filters: Filters) -> list[Filters]:
    """Every filter a viewer can reach one choice wider than `filters`: one life stage or one
    organisation type added back, and no filter on a dimension where every choice is made."""
    found = []
    for field, every in (("life_stages", LIFE_STAGES), ("organisations", ORGANISATIONS)):
        chosen = getattr(filters, field)
        if not chosen:
            continue
        if set(chosen) >= set(every):
            found.append(replace(filters, **{field: ()}))
            continue
        for extra in every:
            if extra not in chosen:
                found.append(replace(filters, **{field: (*chosen, extra)}))
    return found


def differencing(here: int, wider: Iterable[tuple[str, int]], unit: str = "people") -> str | None:
    """Why a view is withheld from the board when a wider one differs from it by a small group
    (each wider view given as its description and count), or None."""
    for description, count in wider:
        if suppression.too_few(count - here):
            return (
                f"These choices leave out fewer than {MIN_CELL} {unit} compared with a wider "
                f"choice ({description}), so their numbers are not shown: comparing the two "
                "would give those people away. Widen the choice to see more."
            )
    return None


def filter_withheld(count: Callable[[Filters], int], filters: Filters) -> str | None:
    """Why `filters` are withheld from the board by the differencing rule, or None."""
    here = count(filters)
    return differencing(here, ((w.describe(), count(w)) for w in wider_filters(filters)))


class BaselinePopulation:
    """Respondents of the system survey by life stages and organisation type, counted for any
    filter in memory (the differencing rule asks for a dozen filters per view)."""

    def __init__(self, rows: pd.DataFrame) -> None:
        bits = {stage: 1 << i for i, stage in enumerate(LIFE_STAGES)}
        self._stages = np.array(
            [sum(bits.get(s, 0) for s in stages) for stages in rows["life_stages"]], dtype=np.int64
        )
        self._organisations = rows["organisation"].to_numpy(dtype=object)
        self._interest = rows["interest"].to_numpy(dtype=object)
        self._n = rows["n_respondents"].to_numpy(dtype=np.int64)
        self._bits = bits

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection, wave_id: int | None) -> BaselinePopulation:
        """The respondents of one survey wave (the rules apply wave by wave)."""
        return cls(queries.read(con, "baseline_population", wave_id=wave_id))

    def count(self, filters: Filters, answers: Sequence[str] | None = None) -> int:
        """Respondents in the filter (and, given answers, who gave one of them to interest)."""
        keep = np.ones(len(self._n), dtype=bool)
        if filters.life_stages:
            mask = sum(self._bits[s] for s in filters.life_stages)
            keep &= (self._stages & mask) != 0
        if filters.organisations:
            keep &= np.isin(self._organisations, list(filters.organisations))
        if answers is not None:
            keep &= np.isin(self._interest, list(answers))
        return int(self._n[keep].sum())


def baseline_withheld(
    con: duckdb.DuckDBPyConnection, filters: Filters, wave_id: int | None = None
) -> str | None:
    """Why the System baseline for these filters, in survey wave `wave_id` (None: the latest),
    is withheld from the board, or None."""
    if wave_id is None:
        wave_id = waves.latest_id(con)
    population = BaselinePopulation.read(con, wave_id)
    n = population.count(filters)
    if suppression.too_few(n):
        return (
            f"Fewer than {MIN_CELL} respondents match these filters, so their answers are not "
            "shown, to protect their identity. Widen the filters to see more."
        )
    return filter_withheld(population.count, filters)


def first_wave_withheld(con: duckdb.DuckDBPyConnection, filters: Filters) -> str | None:
    """Why the first survey wave's figures for these filters are not for the board (the
    Overview's "5.7 → 6.2" shows its mean beside the latest's): the rules of any wave."""
    earliest = waves.earliest_id(con)
    return None if earliest is None else baseline_withheld(con, filters, earliest)


def interest_withheld(
    con: duckdb.DuckDBPyConnection, filters: Filters, answers: Sequence[str], every: Sequence[str]
) -> str | None:
    """Why the interest counts for these filters and answers are withheld from the board: too
    few, or a wider filter or one more answer (of `every`) differs by a small group. Interest
    lists read the latest survey wave."""
    population = BaselinePopulation.read(con, waves.latest_id(con))
    here = population.count(filters, answers)
    if suppression.too_few(here):
        return (
            f"Fewer than {MIN_CELL} people match these filters, so the numbers are not shown, "
            "to protect their identity. Widen the filters to see more."
        )
    wider = [(w.describe(), population.count(w, answers)) for w in wider_filters(filters)]
    wider += [
        (f"answers {', '.join([*answers, extra])}", population.count(filters, [*answers, extra]))
        for extra in every
        if extra not in answers
    ]
    return differencing(here, wider)


def cohort_withheld(scores: pd.DataFrame, filters: Filters) -> str | None:
    """Why a cohort's results for these filters are withheld from the board by the
    differencing rule (participants or matched pairs one organisation type away), or None.
    `scores`: pilot.scores for the cohort with no filter."""

    def counts(chosen: Filters) -> tuple[int, int]:
        rows = scores
        if chosen.organisations:
            rows = rows[rows["organisation"].isin(chosen.organisations)]
        return len(rows), int(rows["is_matched"].sum())

    only_organisations = Filters(organisations=filters.organisations)
    people, pairs = counts(only_organisations)
    wider = [counts(w) for w in wider_filters(only_organisations)]
    described = [w.describe() for w in wider_filters(only_organisations)]
    return differencing(
        people, zip(described, (w[0] for w in wider), strict=True), "participants"
    ) or differencing(pairs, zip(described, (w[1] for w in wider), strict=True), "participants")


def respondents_shown(respondents: int, answered: Iterable[int]) -> int | None:
    """The respondents in a filter as the board may see them: None when the people who did
    not answer some question are 1 to 4 (each question's n answered is shown beside it, so
    the total would give that small group away; the seed's n per question stays)."""
    if any(suppression.too_few(respondents - n) for n in answered):
        return None
    return respondents


def cells(table: pd.DataFrame, board: bool, **columns) -> pd.DataFrame:
    """A breakdown as this reader may see it: small cells and their complements withheld for
    the board, unchanged otherwise."""
    return suppression.suppress(table, **columns) if board else table


def mean(value: float | None, board: bool) -> float | None:
    """A mean as this reader may see it: to one decimal for the board (as the screen shows)."""
    if value is None or not board:
        return value
    return round(float(value), MEAN_DECIMALS)


def means(table: pd.DataFrame, columns: Sequence[str], board: bool) -> pd.DataFrame:
    """Mean columns rounded to what the screen shows, for the board."""
    if not board:
        return table
    return table.assign(**{c: table[c].round(MEAN_DECIMALS) for c in columns if c in table})


def shows_spread(n: int, board: bool) -> bool:
    """Whether this reader may see quartiles and range of n values (else the median only)."""
    return not board or n >= BOX_MIN


def free_texts(table: pd.DataFrame, count_column: str, board: bool) -> pd.DataFrame:
    """Typed texts as this reader may see them: for the board, only those typed by at least
    MIN_CELL people (a text typed by fewer can name them)."""
    if not board:
        return table
    return table[table[count_column] >= MIN_CELL].reset_index(drop=True)


def cohort_view_withheld(
    con: duckdb.DuckDBPyConnection, cohort_id: int, filters: Filters, board: bool
) -> str | None:
    """Why a cohort's results for these filters are not shown to this reader: too few
    participants (board), the differencing rule (board), or no one with both surveys; or None."""
    from chatr import pilot  # noqa: PLC0415 - pilot builds on suppression, as this module does

    reason = pilot.withheld_from(pilot.scores(con, cohort_id, filters), board)
    if reason or not board:
        return reason
    return cohort_withheld(pilot.scores(con, cohort_id), filters)


def followup_withheld(scores: pd.DataFrame, filters: Filters, board: bool) -> str | None:
    """Why the months-later follow-up of a cohort (for these filters: `scores` is pilot.scores
    for the cohort with no filter) is not shown to this reader: for the board, fewer than
    MIN_CELL people with a before and a follow-up survey, or the differencing rule on them; or
    None (also when no one has both: nothing is shown then)."""
    from chatr import pilot  # noqa: PLC0415 - see cohort_view_withheld

    def pairs(chosen: Filters) -> int:
        rows = scores
        if chosen.organisations:
            rows = rows[rows["organisation"].isin(chosen.organisations)]
        return len(pilot.followup_pairs(rows))

    only_organisations = Filters(organisations=filters.organisations)
    here = pairs(only_organisations)
    if not board or here == 0:  # no one with both: nothing shown, nothing to withhold
        return None
    if suppression.too_few(here):
        return (
            f"Fewer than {MIN_CELL} participants with both a before and a follow-up survey match "
            "these filters, so the follow-up is not shown, to protect their identity."
        )
    wider = wider_filters(only_organisations)
    return differencing(here, ((w.describe(), pairs(w)) for w in wider), "participants")


def followup_view_withheld(
    con: duckdb.DuckDBPyConnection, cohort_id: int, filters: Filters, board: bool
) -> str | None:
    """followup_withheld for a cohort of the database (its page, its slides), or None."""
    from chatr import pilot  # noqa: PLC0415 - see cohort_view_withheld

    return followup_withheld(pilot.scores(con, cohort_id), filters, board)


def matched_text(n_pairs: int, n_participants: int, board: bool) -> str:
    """'n = 9 matched participants of 11', without 'of 11' for the board when the unmatched
    (the difference) are fewer than MIN_CELL."""
    if board and suppression.too_few(n_participants - n_pairs):
        return f"n = {n_pairs} matched participants"
    return f"n = {n_pairs} matched participants of {n_participants}"


def plan_people(timeline_rows: pd.DataFrame, board: bool) -> pd.DataFrame:
    """The plan's cohorts with `people`, the text of who is in each ("11 participants (pilot
    data)", "2 allocated, 1 invited"), with counts under MIN_CELL as "<5" for the board."""

    def shown(n: object) -> str:
        n = int(n or 0)
        return SMALL if board and suppression.too_few(n) else str(n)

    people = [
        f"{shown(p)} participants (pilot data)"
        if p
        else f"{shown(a)} allocated, {shown(i)} invited"
        for p, a, i in zip(
            timeline_rows["n_participants"].fillna(0),
            timeline_rows["n_allocated"].fillna(0),
            timeline_rows["n_invited"].fillna(0),
            strict=True,
        )
    ]
    return timeline_rows.assign(people=people)


def board_figures(full: dict, con: duckdb.DuckDBPyConnection, filters: Filters) -> dict:
    """`chatr figures` as a board member may see them (`chatr figures --board`): withheld
    numbers are None, and `baseline.withheld` and each cohort's `withheld` say why (None when
    nothing is withheld)."""
    out = dict(full)
    earliest = waves.earliest_id(con)
    out["baseline"] = _board_baseline(full["baseline"], baseline_withheld(con, filters, earliest))
    out["cohorts"] = [_board_cohort(con, cohort) for cohort in full["cohorts"]]
    if "waves" in full:
        out["waves"], out["wave_change"] = _board_waves(full, con, filters)
    if "community" in full:
        out["community"] = _board_community(full["community"])
    if "events" in full:
        out["events"] = [_board_event(event) for event in full["events"]]
    return out


def _board_waves(full: dict, con: duckdb.DuckDBPyConnection, filters: Filters):
    """Each wave as the board's baseline (withheld by the same rules, wave by wave), and each
    change between two waves withheld when either wave is, with the matched, trained and
    untrained groups under MIN_CELL withheld (both groups when one is: the other and the
    matched total would give it away)."""
    ids = waves.listed(con).set_index("label")["wave_id"]
    reasons = {label: baseline_withheld(con, filters, int(ids[label])) for label in ids.index}
    shown_waves = []
    for wave in full["waves"]:
        dates = {k: wave[k] for k in ("wave", "first_submitted", "last_submitted")}
        answered = baseline.answered(con, filters, int(ids[wave["wave"]])).per_question()
        counts = {**wave, "answered": dict(enumerate(answered)), "practice_use_distribution": {}}
        board = _board_baseline(counts, reasons[wave["wave"]])
        board = {k: v for k, v in board.items() if k in wave or k == "withheld"}
        shown_waves.append({**board, **dates})
    changes = []
    for change in full["wave_change"]:
        reason = (
            reasons[change["from"]]
            or reasons[change["to"]]
            or matched_withheld(con, filters, int(ids[change["from"]]), int(ids[change["to"]]))
        )
        changes.append(_board_change(change, reason))
    return shown_waves, changes


def waves_withheld(
    con: duckdb.DuckDBPyConnection, filters: Filters, earlier_id: int, later_id: int
) -> str | None:
    """Why the change between two survey waves for these filters is withheld from the board:
    either wave is (baseline_withheld, wave by wave), or None."""
    return baseline_withheld(con, filters, earlier_id) or baseline_withheld(con, filters, later_id)


def matched_withheld(
    con: duckdb.DuckDBPyConnection, filters: Filters, earlier_id: int, later_id: int
) -> str | None:
    """Why the people matched across two waves (in these filters) are withheld from the
    board by the differencing rule, or None (fewer than MIN_CELL of them: matched_too_few)."""

    def count(chosen: Filters) -> int:
        return len(waves.matched_scores(con, earlier_id, later_id, chosen))

    return filter_withheld(count, filters)


def matched_too_few(n_matched: int) -> str | None:
    """Why 1 to MIN_CELL - 1 people matched across two waves are not shown to the board."""
    if suppression.too_few(n_matched):
        return (
            f"Fewer than {MIN_CELL} people answered both waves in these filters, so their "
            "change is not shown, to protect their identity."
        )
    return None


def trained_withheld(n_trained: int, n_untrained: int) -> str | None:
    """Why the trained against the not trained is withheld from the board: either group is
    under MIN_CELL (both go: the other and the matched total would give it away); or None."""
    if suppression.too_few(n_trained) or suppression.too_few(n_untrained):
        return (
            f"One of the two groups has fewer than {MIN_CELL} people, so neither is shown, to "
            "protect their identity."
        )
    return None


def _board_change(change: dict, reason: str | None) -> dict:
    labels = {"from": change["from"], "to": change["to"]}
    if reason:
        return {**_none_but(change), **labels, "withheld": reason}
    out = {**change, "mean_change": mean(change["mean_change"], True), "withheld": None}
    if suppression.too_few(change["matched_people"]):
        out.update(matched_people=None, matched_mean_change=None, matched_wilcoxon_p=None)
    out["matched_mean_change"] = mean(out["matched_mean_change"], True)
    groups = (change["trained"]["n"], change["untrained"]["n"])
    if any(suppression.too_few(n) for n in groups) or out["matched_people"] is None:
        out["trained"] = {"n": None, "mean_change": None}
        out["untrained"] = {"n": None, "mean_change": None}
        out["trained_minus_untrained_ci95"] = None
    else:
        for group in ("trained", "untrained"):
            out[group] = {**change[group], "mean_change": mean(change[group]["mean_change"], True)}
    return out


def _none_but(value: object) -> object:
    """Every number in `value` replaced by None (nested dicts and lists too)."""
    if isinstance(value, dict):
        return {k: _none_but(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_none_but(v) for v in value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return None


def _board_counts(counts: dict[str, int]) -> dict[str, int | None]:
    """A breakdown's counts with small cells and their complements as None."""
    if not counts:
        return {}
    table = suppression.suppress(
        pd.DataFrame({"n": list(counts.values())}), count_column="n", value_columns=()
    )
    return {
        key: None if mark else int(n)
        for key, n, mark in zip(counts, table["n"], table["suppressed"], strict=True)
    }


def _board_baseline(figures: dict, reason: str | None) -> dict:
    if reason:
        return {**_none_but(figures), "withheld": reason}
    return {
        **figures,
        "respondents": respondents_shown(figures["respondents"], figures["answered"].values()),
        "practice_use_mean": mean(figures["practice_use_mean"], True),
        "practice_use_distribution": _board_counts(figures["practice_use_distribution"]),
        "life_stage_counts": _board_counts(figures["life_stage_counts"]),
        "organisation_counts": _board_counts(figures["organisation_counts"]),
        "interest_counts": _board_counts(figures["interest_counts"]),
        "withheld": None,
    }


def _board_cohort(con: duckdb.DuckDBPyConnection, figures: dict) -> dict:
    from chatr import pilot  # noqa: PLC0415 - see cohort_view_withheld

    ids = pilot.cohorts(con).set_index("cohort_label")["cohort_id"]
    cohort_id = int(ids[figures["cohort"]])
    reason = cohort_view_withheld(con, cohort_id, Filters(), board=True)
    dates = {"number", "start", "end"}
    if reason:
        kept = {k: v if k in dates else _none_but(v) for k, v in figures.items()}
        return {**kept, "withheld": reason}
    out = dict(figures)
    if suppression.too_few(figures["participants"] - figures["matched_pairs"]):
        out["participants"] = None
    for wave in ("before", "after", "followup"):
        spread = dict(figures[wave])
        if not shows_spread(spread["n"], True):
            spread["min"] = spread["max"] = None
        spread["mean"] = mean(spread["mean"], True)
        out[wave] = spread
    if followup_withheld(pilot.scores(con, cohort_id), Filters(), board=True):
        out["followup"] = _none_but(figures["followup"])
        out["followup_wilcoxon_p"] = None
    elif suppression.too_few(figures["participants"] - figures["followup"]["n"]):
        out["participants"] = None  # who did not answer the follow-up: a small group
    _, withheld_statements = pilot.board_likert(pilot.likert_levels(con, cohort_id))
    out["pct_agree"] = {
        statement: None if statement in withheld_statements else pct
        for statement, pct in figures["pct_agree"].items()
    }
    return {**out, "withheld": None}


def _small_none(n: object) -> object:
    return None if isinstance(n, int) and suppression.too_few(n) else n


def _board_community(figures: dict) -> dict:
    """People counts under MIN_CELL as None (messages are not people: they stay)."""
    out = dict(figures)
    for key in ("members", "posting_members"):
        out[key] = _small_none(figures.get(key))
    out["active_members_by_month"] = {
        month: _small_none(n) for month, n in figures.get("active_members_by_month", {}).items()
    }
    out["cohorts"] = [
        {k: _small_none(v) if k != "cohort" else v for k, v in cohort.items()}
        for cohort in figures.get("cohorts", [])
    ]
    return out


def _board_event(event: dict) -> dict:
    attendees = event.get("attendees")
    small = isinstance(attendees, int) and suppression.too_few(attendees)
    return {
        **event,
        "attendees": None if small else attendees,
        "minutes_median": None if small else event.get("minutes_median"),
        "from_pilot": _small_none(event.get("from_pilot")),
    }
