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


def sustained(result: stats.PairedResult, scores: pd.DataFrame) -> str:
    """Does the change last? The medians before, after and months later, and the mean change
    from before to the follow-up with its Wilcoxon p (over the people with both)."""
    medians = [scores[c].median() for c in ("score_before", "score_after", "score_followup")]
    before, after, later = (float(m) for m in medians)
    text = f"Median self-rating {before:g} before, {after:g} after and {later:g} months later"
    if result.mean_change is not None:
        text += (
            f"; since before, a mean change of {result.mean_change:+.1f} points for the "
            f"{result.n_pairs} {plural(result.n_pairs, 'participant', 'participants')} who "
            "answered both"
        )
    if result.wilcoxon_p is not None:
        text += f" (Wilcoxon signed-rank test p = {result.wilcoxon_p:.2g})"
    if result.is_small:
        text += ": few people, so indicative"
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


def community_activity(months: pd.DataFrame, n_messages: int, posting: str) -> str:
    """Messages and members posting: the whole period, the busiest month and the latest.
    `months`: community.by_month with the members withheld (NaN) where the reader may not
    see them; `posting`: the members who posted as the reader may see it."""
    if months.empty:
        return "No message has been posted in the Community of Practice yet."

    def month(row: pd.Series) -> str:
        members = row["n_active_members"]
        who = f"fewer than {suppression.MIN_CELL}" if pd.isna(members) else f"{members:.0f}"
        return f"{row['n_messages']} messages from {who} members"

    first, last = months.iloc[0], months.iloc[-1]
    busiest = months.loc[months["n_messages"].idxmax()]
    text = (
        f"{n_messages} messages{members_from(posting)} between {_month(first['month'])} and "
        f"{_month(last['month'])}; the busiest month was {_month(busiest['month'])} "
        f"({month(busiest)})"
    )
    if busiest["month"] != last["month"]:
        text += f"; in {_month(last['month'])}, the latest, {month(last)}"
    return text + "."


def retention(table: pd.DataFrame, days: int) -> str:
    """Each cohort's participants who joined the community and posted after it ended, from
    the numbers shown. `table`: one row per cohort, counts withheld (NaN) as the reader sees."""
    if table.empty:
        return "No trained cohort with participants in these filters."
    said, withheld = [], False
    for row in table.itertuples():
        if pd.isna(row.n_participants):
            withheld = True
            continue
        n, joined, active = row.n_participants, row.n_in_workspace, row.n_active_after_end
        posted = f"posted within {days} days after it ended"
        if pd.isna(joined) and pd.isna(active):
            text = f"{n:.0f} participants; how many joined and {posted} is not shown"
        elif pd.isna(joined):
            text = f"{active:.0f} of {n:.0f} participants {posted}; how many joined is not shown"
        elif pd.isna(active):
            text = f"{joined:.0f} of {n:.0f} participants joined; how many {posted} is not shown"
        else:
            text = f"{joined:.0f} of {n:.0f} participants joined, {active:.0f} {posted}"
        withheld = withheld or pd.isna(joined) or pd.isna(active)
        said.append(f"{row.cohort_label}: {text}")
    if not said:
        return f"No cohort can be shown: each is a group under {suppression.MIN_CELL}."
    text = "; ".join(said[:3])
    if len(said) > 3:
        text += f"; and {len(said) - 3} more in the chart"
    if withheld:
        text += f" (it would give away a group under {suppression.MIN_CELL})"
    return text + "."


def sessions(events: pd.DataFrame, people: str, repeat: str) -> str:
    """The sessions held, the people who came and came back, and the best attended shown.
    `events`: community.events with n_attendees withheld (NaN) as the reader sees them."""
    if events.empty:
        return "No Show & Tell or webinar attendance has been loaded yet."
    n = len(events)
    first, last = day(events["event_date"].min()), day(events["event_date"].max())
    when = f"on {first}" if n == 1 else f"from {first} to {last}"
    text = f"{n} {plural(n, 'session', 'sessions')} {when}: {people} people came"
    if n > 1:
        text += f", {repeat} of them to more than one"
    shown = events.dropna(subset=["n_attendees"])
    if n > 1 and len(shown):
        top = shown.loc[shown["n_attendees"].idxmax()]
        text += (
            f"; the best attended was {top['title']} on {day(top['event_date'])} "
            f"({top['n_attendees']:.0f})"
        )
    return text + "."


def members_from(shown: str) -> str:
    """' from 26 members' for a count of members as the reader may see it ('<5': fewer than
    5; withheld: nothing)."""
    if shown == suppression.SMALL:
        return f" from fewer than {suppression.MIN_CELL} members"
    return f" from {shown} members" if shown.isdigit() else ""


def _month(month: str) -> str:
    return f"{pd.Timestamp(month + '-01'):%b %Y}"


def wave_shift(table: pd.DataFrame, label: str, labels: Sequence[str], what: str) -> str:
    """The category whose share moved most between two waves, from the shares shown:
    `table` one row per category and wave (column `wave`), pct_of_respondents."""
    earlier, later = (
        _visible(table[table["wave"] == w], "pct_of_respondents").set_index(label)[
            "pct_of_respondents"
        ]
        for w in labels
    )
    both = pd.DataFrame({"earlier": earlier, "later": later}).dropna()
    if both.empty:
        return "No share can be compared between the two waves."
    moved = (both["later"] - both["earlier"]).abs()
    top = moved.idxmax()
    if round(moved[top]) == 0:
        return f"{what} held steady: no share moved by 1 point or more between the waves."
    a, b = both.loc[top, "earlier"], both.loc[top, "later"]
    return (
        f"{what}: the largest shift was {top}, {a:.0f}% in {labels[0]} and {b:.0f}% in {labels[1]}."
    )


def wave_use(change, labels: Sequence[str]) -> str:
    """Mean 0-10 use in each wave and the change with its 95% CI and Welch p."""
    if change.mean_earlier is None or change.mean_later is None:
        return "Too few answered the 0-10 question in a wave to compare."
    text = (
        f"Mean use of trauma-informed practice {change.mean_earlier:.1f} out of 10 in "
        f"{labels[0]} and {change.mean_later:.1f} in {labels[1]}"
    )
    if change.mean_change is not None:
        low, high = change.ci95
        text += (
            f": a change of {change.mean_change:+.1f} points (95% CI {low:+.1f} to {high:+.1f}, "
            f"Welch p = {change.p_value:.2g})"
        )
    return text + "."


def change_by_group(table: pd.DataFrame, label: str) -> str:
    """The group whose mean use rose most between the waves, from the changes shown."""
    shown = table.dropna(subset=["mean_change"])
    if shown.empty:
        return "No group has enough answers in both waves to compare."
    top = shown.loc[shown["mean_change"].idxmax()]
    text = f"The largest change was in {top[label]}: {top['mean_change']:+.1f} points"
    if pd.notna(top["ci_low"]):
        text += f" (95% CI {top['ci_low']:+.1f} to {top['ci_high']:+.1f})"
    unclear = int(((shown["ci_low"] <= 0) & (shown["ci_high"] >= 0)).sum())
    if unclear:
        text += (
            f"; in {unclear} of {len(shown)} {plural(len(shown), 'group', 'groups')} the "
            "interval includes no change"
        )
    if len(shown) < len(table):
        text += "; groups too small in a wave are not shown"
    return text + "."


def same_people(n: int, mean_change: float | None, wilcoxon_p: float | None) -> str:
    """The people who answered both waves: n, mean change, Wilcoxon p."""
    if mean_change is None:
        return "No one answered the 0-10 question in both waves."
    text = (
        f"{n} {plural(n, 'person', 'people')} answered both waves: their use changed by "
        f"{mean_change:+.1f} points on average"
    )
    if wilcoxon_p is not None:
        text += f" (Wilcoxon signed-rank test p = {wilcoxon_p:.2g})"
    return text + "."
