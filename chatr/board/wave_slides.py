"""Board slides of the change between two system survey waves: each question by wave, the
change in mean use by group, and the trained against the others, for the System baseline page
and the deck alike, under chatr.disclosure's rules. Figures and text only, never Streamlit."""

from __future__ import annotations

from dataclasses import dataclass, fields

import duckdb
import pandas as pd
import plotly.graph_objects as go

from chatr import baseline, disclosure, suppression, waves
from chatr.board import sources, takeaways
from chatr.board.slides import Slide
from chatr.charts import style
from chatr.charts import waves as wave_charts
from chatr.filters import Filters

TITLE = "Change between survey waves"


@dataclass(frozen=True)
class WaveSlides:
    """The change between two waves by name, and its numbers as this reader may see them."""

    life_stages: Slide
    organisations: Slide
    practice_use: Slide
    interest: Slide
    change_by_life_stage: Slide
    change_by_organisation: Slide
    trained: Slide
    labels: tuple[str, str]
    unpaired: waves.UnpairedChange
    matched: waves.MatchedChange | None  # None: withheld from this reader (see matched_reason)
    matched_reason: str | None
    trained_change: waves.TrainedChange | None  # None: withheld (see trained_reason)
    trained_reason: str | None

    def in_order(self) -> tuple[Slide, ...]:
        """The slides in the deck's order."""
        return tuple(
            getattr(self, f.name) for f in fields(self) if isinstance(getattr(self, f.name), Slide)
        )


def deck_slides(con: duckdb.DuckDBPyConnection, filters: Filters, board: bool) -> tuple[Slide, ...]:
    """The deck's wave slides: the earliest wave against the latest; none with one wave, or
    when the board may not see either wave for these filters."""
    listed = waves.listed(con)
    if len(listed) < 2:
        return ()
    earlier, later = int(listed.wave_id.iloc[0]), int(listed.wave_id.iloc[-1])
    found = wave_slides(con, filters, board, earlier, later)
    return found.in_order() if found else ()


def wave_slides(
    con: duckdb.DuckDBPyConnection, filters: Filters, board: bool, earlier_id: int, later_id: int
) -> WaveSlides | None:
    """The change from one survey wave to a later one for the filters (both waves filtered
    alike); None when a wave has no respondent, or is withheld from the board."""
    ids = (earlier_id, later_id)
    answered = [baseline.answered(con, filters, w) for w in ids]
    if any(a.respondents == 0 for a in answered):
        return None
    if board and disclosure.waves_withheld(con, filters, earlier_id, later_id):
        return None
    labels = tuple(waves.listed(con).set_index("wave_id").loc[list(ids), "label"])
    source = sources.source_text(con, ("baseline",))
    describe = filters.describe()

    def slide(figure: go.Figure, takeaway: str, ns: list[int], unit: str) -> Slide:
        counts = [(label, n) for label, n in zip(labels, ns, strict=True)]
        if board and any(suppression.too_few(n) for n in ns):
            figure = style.withheld(figure.layout.title.text.replace("<br>", " "), filters)
            takeaway = (
                f"Fewer than {suppression.MIN_CELL} answered this question in a wave: not shown."
            )
            return Slide(
                TITLE,
                figure,
                takeaway,
                f"n < {suppression.MIN_CELL} {unit} in a wave",
                describe,
                source,
            )
        return Slide(
            TITLE, figure, takeaway, f"n = {wave_charts.wave_n(counts)} {unit}", describe, source
        )

    def counts(attribute: str) -> list[tuple[str, int]]:
        return [(label, getattr(a, attribute)) for label, a in zip(labels, answered, strict=True)]

    stages = _by_wave(con, filters, board, ids, labels, baseline.life_stages)
    organisations = _by_wave(con, filters, board, ids, labels, baseline.organisations)
    interest = _by_wave(con, filters, board, ids, labels, baseline.interest)
    unpaired = waves.unpaired_change(con, earlier_id, later_id, filters)
    shown_unpaired = _rounded(unpaired, board)
    by_stage = _change_table(
        waves.change_by(con, earlier_id, later_id, filters, "life_stage"), board
    )
    by_org = _change_table(
        waves.change_by(con, earlier_id, later_id, filters, "organisation"), board
    )
    use_ns = [a.practice_use_score for a in answered]
    trained_slide, matched, matched_reason, trained, trained_reason = _trained_slide(
        con, filters, board, ids, labels, describe, source
    )
    return WaveSlides(
        life_stages=slide(
            wave_charts.shares_by_wave(
                stages,
                "life_stage",
                "Which life stages do respondents work in? By survey wave",
                counts("life_stages"),
                filters,
                note="several could be chosen",
            ),
            takeaways.wave_shift(stages, "life_stage", labels, "Life stages"),
            [a.life_stages for a in answered],
            "respondents answered",
        ),
        organisations=slide(
            wave_charts.shares_by_wave(
                organisations,
                "organisation",
                "What type of organisation do respondents work for? By survey wave",
                counts("organisation"),
                filters,
            ),
            takeaways.wave_shift(organisations, "organisation", labels, "Organisation types"),
            [a.organisation for a in answered],
            "respondents answered",
        ),
        practice_use=slide(
            wave_charts.distribution_by_wave(
                _distributions(con, filters, board, ids, labels),
                [(labels[0], shown_unpaired.mean_earlier), (labels[1], shown_unpaired.mean_later)],
                counts("practice_use_score"),
                filters,
            ),
            takeaways.wave_use(shown_unpaired, labels),
            use_ns,
            "respondents answered",
        ),
        interest=slide(
            wave_charts.shares_by_wave(
                interest,
                "interest",
                "Interested in joining a development programme? By survey wave",
                counts("interest"),
                filters,
            ),
            takeaways.wave_shift(
                interest, "interest", labels, "Interest in a development programme"
            ),
            [a.interest for a in answered],
            "respondents answered",
        ),
        change_by_life_stage=slide(
            wave_charts.change_by_group(
                by_stage,
                "life_stage",
                "Change in use of trauma-informed practice by life stage",
                counts("practice_use_score"),
                filters,
            ),
            takeaways.change_by_group(by_stage, "life_stage"),
            use_ns,
            "respondents answered",
        ),
        change_by_organisation=slide(
            wave_charts.change_by_group(
                by_org,
                "organisation",
                "Change in use of trauma-informed practice by organisation type",
                counts("practice_use_score"),
                filters,
            ),
            takeaways.change_by_group(by_org, "organisation"),
            use_ns,
            "respondents answered",
        ),
        trained=trained_slide,
        labels=labels,
        unpaired=shown_unpaired,
        matched=matched,
        matched_reason=matched_reason,
        trained_change=trained,
        trained_reason=trained_reason,
    )


def _by_wave(con, filters, board, ids, labels, read) -> pd.DataFrame:
    """A baseline share table of each wave (small cells withheld for the board), stacked with
    its wave's label in `wave`."""
    parts = [
        disclosure.cells(read(con, filters, wave_id), board).assign(wave=label)
        for wave_id, label in zip(ids, labels, strict=True)
    ]
    return pd.concat(parts, ignore_index=True)


def _distributions(con, filters, board, ids, labels) -> pd.DataFrame:
    """Each wave's respondents per 0-10 score as % of those who answered (to one decimal),
    small counts withheld for the board before the share is taken."""
    parts = []
    for wave_id, label in zip(ids, labels, strict=True):
        counts = baseline.practice_use_distribution(con, filters, wave_id)
        total = counts["n_respondents"].sum()
        shown = disclosure.cells(counts, board, value_columns=())
        pct = (
            (shown["n_respondents"] / total * 100).round(1) if total else shown["n_respondents"] * 0
        )
        parts.append(shown.assign(pct_of_respondents=pct, wave=label))
    return pd.concat(parts, ignore_index=True)


CHANGE_COLUMNS = ("mean_earlier", "mean_later", "mean_change", "ci_low", "ci_high")


def _change_table(table: pd.DataFrame, board: bool) -> pd.DataFrame:
    """waves.change_by as this reader may see it: groups no one answered in either wave left
    out; for the board, a group under MIN_CELL in a wave withheld and means to one decimal."""
    table = table[(table["n_earlier"] > 0) | (table["n_later"] > 0)].copy()
    why = pd.Series("", index=table.index, dtype=object)
    why[table["mean_change"].isna()] = "too few answers in a wave to compare"
    if board:
        # A small group and, when it is the only one, the next smallest (its n shown on hover
        # would give the small one away by subtraction from the total), wave by wave.
        small = pd.Series(False, index=table.index)
        for column in ("n_earlier", "n_later"):
            marks = suppression.suppress(table, count_column=column, value_columns=())
            small |= marks["suppressed"].ne("").to_numpy()
        why[small] = f"fewer than {suppression.MIN_CELL} answered in a wave"
        table.loc[small, [*CHANGE_COLUMNS, "n_earlier", "n_later"]] = None
        table = disclosure.means(table, CHANGE_COLUMNS, board)
    return table.assign(why=why, suppressed=why.map(lambda w: "not shown" if w else ""))


def _rounded(change: waves.UnpairedChange, board: bool) -> waves.UnpairedChange:
    """The unpaired change as this reader may see it (means and interval to one decimal)."""
    if not board:
        return change
    interval = tuple(disclosure.mean(v, True) for v in change.ci95) if change.ci95 else None
    return waves.UnpairedChange(
        change.n_earlier,
        change.n_later,
        disclosure.mean(change.mean_earlier, True),
        disclosure.mean(change.mean_later, True),
        disclosure.mean(change.mean_change, True),
        interval,
        change.p_value,
    )


def _trained_slide(con, filters, board, ids, labels, describe, source):
    """The trained-vs-not slide and the matched and trained numbers as this reader sees them."""
    rows = waves.matched_scores(con, ids[0], ids[1], filters)
    matched, trained = waves.matched_change(rows), waves.trained_change(rows)
    title = f"Same people, {labels[0]} to {labels[1]}: trained between the waves or not"
    matched_reason = trained_reason = None
    if board:
        matched_reason = disclosure.matched_too_few(matched.n) or disclosure.matched_withheld(
            con, filters, *ids
        )
        trained_reason = matched_reason or disclosure.trained_withheld(
            trained.trained.n, trained.untrained.n
        )
    if matched_reason:
        figure = go.Figure(
            layout=style.merge_layouts(
                style.base_layout(
                    title, f"n < {suppression.MIN_CELL} or withheld<br>{describe}", 300
                ),
                style.empty_layout(style.wrap(matched_reason, 60)),
            )
        )
        slide = Slide(
            TITLE, figure, matched_reason, "people in both waves: not shown", describe, source
        )
        return slide, None, matched_reason, None, trained_reason
    shown = _rounded_matched(matched, board)
    groups = pd.DataFrame(
        {
            "group": ["All in both waves", "Trained between the waves", "Not trained"],
            "n": [matched.n, trained.trained.n, trained.untrained.n],
            "mean_change": [
                shown.mean_change,
                trained.trained.mean_change,
                trained.untrained.mean_change,
            ],
            "suppressed": ["", "", ""],
        }
    )
    if trained_reason:
        groups.loc[1:, ["n", "mean_change"]] = None
        groups.loc[1:, "suppressed"] = suppression.SMALL
    else:
        groups["mean_change"] = [disclosure.mean(v, board) for v in groups["mean_change"]]
    sentence = trained_reason or waves.trained_sentence(_rounded_trained(trained, board))
    n_text = f"n = {matched.n} people answered both waves"
    figure = wave_charts.trained_bars(groups, title, n_text, filters, "matched by e-mail")
    takeaway = takeaways.same_people(shown.n, shown.mean_change, shown.wilcoxon_p) + " " + sentence
    slide = Slide(TITLE, figure, takeaway, n_text, describe, source)
    return (
        slide,
        shown,
        None,
        None if trained_reason else _rounded_trained(trained, board),
        trained_reason,
    )


def _rounded_matched(matched: waves.MatchedChange, board: bool) -> waves.MatchedChange:
    return waves.MatchedChange(
        matched.n, disclosure.mean(matched.mean_change, board), matched.wilcoxon_p
    )


def _rounded_trained(change: waves.TrainedChange, board: bool) -> waves.TrainedChange:
    if not board:
        return change

    def group(g: waves.GroupChange) -> waves.GroupChange:
        return waves.GroupChange(g.n, disclosure.mean(g.mean_change, True))

    interval = tuple(disclosure.mean(v, True) for v in change.ci95) if change.ci95 else None
    return waves.TrainedChange(
        group(change.trained),
        group(change.untrained),
        disclosure.mean(change.difference, True),
        interval,
    )
