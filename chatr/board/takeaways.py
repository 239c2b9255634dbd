"""One-line takeaways for the board, written from the numbers a slide shows (never more)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from chatr import pilot, stats, suppression


def _visible(table: pd.DataFrame, column: str) -> pd.DataFrame:
    return table[table[column].notna()]


def largest_group(table: pd.DataFrame, label: str, phrase: str) -> str:
    """'The largest group of respondents {phrase}' with the group's label and share."""
    shown = _visible(table, "pct_of_respondents")
    shown = shown[shown["n_respondents"] > 0]
    if shown.empty:
        return "No answers to show."
    top = shown.loc[shown["pct_of_respondents"].idxmax()]
    share = f"{top['pct_of_respondents']:.0f}%"
    return f"The largest group of respondents {phrase.format(top[label])} ({share})."


def interest(interest: pd.DataFrame) -> str:
    shown = _visible(interest, "pct_of_respondents").set_index("interest")["pct_of_respondents"]
    said = [f"{shown[a]:.0f}% {a.lower()}" for a in ("Yes", "Maybe", "No") if a in shown]
    if not said:
        return "No answers to show."
    return "Would they join a development programme? " + ", ".join(said) + "."


def range_of_means(table: pd.DataFrame, label: str) -> str:
    shown = _visible(table, "mean_score")
    shown = shown[shown["n_respondents"] > 0]
    if shown.empty:
        return "No group to show."
    if len(shown) == 1:
        row = shown.iloc[0]
        return f"Mean use {row['mean_score']:.1f} out of 10 in {row[label]}."
    high = shown.loc[shown["mean_score"].idxmax()]
    low = shown.loc[shown["mean_score"].idxmin()]
    if round(high["mean_score"], 1) == round(low["mean_score"], 1):
        return f"Mean use {high['mean_score']:.1f} out of 10 in every group shown."
    return (
        f"Highest mean use in {high[label]} ({high['mean_score']:.1f} out of 10), lowest in "
        f"{low[label]} ({low['mean_score']:.1f})."
    )


def before_after(result: stats.PairedResult, matched: pd.DataFrame, board: bool) -> str:
    before = float(matched["score_before"].median())
    after = float(matched["score_after"].median())
    if after == before:
        text = f"The median self-rating stayed at {after:g} out of 10"
    else:
        moved = "rose" if after > before else "fell"
        text = f"The median self-rating {moved} from {before:g} to {after:g} out of 10"
    split = pilot.shown_split(result, board)
    if split is not None:
        text += f"; {split[0]} of {result.n_pairs} rated their practice higher afterwards"
    if result.is_small:
        text += f" (only {result.n_pairs} {plural(result.n_pairs, 'pair', 'pairs')}: indicative)"
    return text + "."


def bands(bands: pd.DataFrame) -> str:
    shown = bands.dropna(subset=["mean_change"])
    marks = bands["suppressed"] if "suppressed" in bands else pd.Series("", index=bands.index)
    hidden = bool((marks != "").any())
    if shown.empty:
        return "No band has enough participants to show."
    if len(shown) == 1 or hidden:
        told = "; ".join(
            f"{row.band}: {row.mean_change:+.1f} points (n = {int(row.n_pairs)})"
            for row in shown.itertuples()
        )
        rest = f"; bands of fewer than {suppression.MIN_CELL} are not shown" if hidden else ""
        return f"Mean change by starting point, {told}{rest}."
    top = shown.loc[shown["mean_change"].idxmax()]
    if (shown["mean_change"] == top["mean_change"]).sum() > 1:
        return f"The mean change was {top['mean_change']:+.1f} points in more than one band."
    return (
        f"The largest mean change was among those starting {top['band']}: "
        f"{top['mean_change']:+.1f} points (n = {int(top['n_pairs'])})."
    )


def likert(agree: pd.DataFrame, withheld: Sequence[str]) -> str:
    pct = agree["pct_agree"].dropna()
    if pct.empty:
        text = "No statement can be shown"
    elif len(pct) == 1:
        text = f"{pct.iloc[0]:.0f}% agree with the statement shown"
    elif pct.min() == pct.max():
        text = f"{pct.min():.0f}% agree with each of the {len(pct)} statements shown"
    else:
        text = f"Between {pct.min():.0f}% and {pct.max():.0f}% agree with the {len(pct)} statements"
    if withheld:
        text += (
            f"; {len(withheld)} more not shown, where fewer than {suppression.MIN_CELL} people "
            "answered differently from the rest, so this is not the whole picture"
        )
    return text + "."


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def count(n: int, board: bool) -> str:
    """A count as the reader may see it."""
    return suppression.SMALL if board and suppression.too_few(n) else str(n)


def day(value: object) -> str:
    day = pd.Timestamp(value)
    return f"{day.day} {day:%b %Y}"
