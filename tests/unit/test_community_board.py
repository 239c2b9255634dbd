"""The Community and sessions page's data, figures and board slides, against the fixture files
worked out with json and csv (tests/unit/engagement_oracle.py): the new aggregates (replies per
month, threads per channel, repeat attendees, attendees by organisation and life stage), what
the board may see of each count, the quotes a lead picks, the sessions on the rollout gantt, and
the community slides of the deck."""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from chatr import (
    admin,
    community,
    community_people,
    community_quotes,
    db,
    disclosure,
    rollout,
    suppression,
    upload,
)
from chatr.board import community_slides, slides, takeaways
from chatr.charts import timeline as timeline_charts
from chatr.filters import NO_FILTERS, Filters
from tests.unit import engagement_oracle as oracle

TODAY = date(2026, 11, 28)
QUOTE_TS = "1607760204.029200"  # "Lovely feedback from a mum today: ..." (names no one)


def load(con, data: bytes, name: str, kind: str) -> None:
    outcome = upload.load_file(con, data, name, kind, cohort=None, uploaded_by="test")
    assert outcome.status == "loaded", outcome.problems


@pytest.fixture(scope="module")
def engaged_path(demo_home, tmp_path_factory):
    """The demo database with the Slack export, the three attendance reports and baseline
    answers for 16 attendees loaded (a file: tests that write take a copy)."""
    path = tmp_path_factory.mktemp("engaged") / "chatr.duckdb"
    shutil.copyfile(demo_home / "chatr.duckdb", path)
    con = db.connect(path)
    load(con, oracle.SLACK_ZIP.read_bytes(), oracle.SLACK_ZIP.name, "community")
    for report in (oracle.TEAMS_FEB, oracle.TEAMS_MAY, oracle.ZOOM):
        load(con, report.read_bytes(), report.name, "attendance")
    load(con, oracle.attendee_baseline_csv(), "attendees.csv", "baseline")
    con.close()
    return path


@pytest.fixture(scope="module")
def engaged(engaged_path):
    """A read connection to the engaged database (tests must not write through it)."""
    con = db.connect(engaged_path)
    yield con
    con.close()


@pytest.fixture
def writable(engaged_path, tmp_path):
    path = tmp_path / "chatr.duckdb"
    shutil.copyfile(engaged_path, path)
    con = db.connect(path)
    yield con
    con.close()


@pytest.fixture(scope="module")
def files() -> dict:
    return oracle.export_files(oracle.SLACK_ZIP.read_bytes())


def month_of(message: dict) -> str:
    return datetime.fromtimestamp(float(message["ts"]), UTC).strftime("%Y-%m")


def is_reply(message: dict) -> bool:
    return bool(message.get("thread_ts")) and message["thread_ts"] != message["ts"]


def sessions_attended() -> Counter:
    """Person -> number of sessions, from the three reports."""
    return Counter(key for people in oracle.attendees_per_event() for key in people)


def expected_by_group(filters: Filters) -> tuple[Counter, Counter, int]:
    """Attendees who answered the baseline, in the filters: per organisation, per life stage,
    and how many named a life stage."""
    people = [
        p
        for p in oracle.attendee_respondents()
        if (not filters.life_stages or set(filters.life_stages) & set(p["life_stages"]))
        and (not filters.organisations or p["organisation"] in filters.organisations)
    ]
    stages = Counter(s for p in people for s in p["life_stages"])
    return Counter(p["organisation"] for p in people), stages, len(people)


# --- the aggregates ---------------------------------------------------------------------------


def test_replies_per_month_and_threads_per_channel_match_the_export(engaged, files):
    counted = oracle.counted_messages(files)
    months = community.by_month(engaged).set_index("month")
    replies = Counter(month_of(m) for m in counted if is_reply(m))
    assert months["n_replies"].to_dict() == {m: replies.get(m, 0) for m in months.index}
    assert months["n_messages"].to_dict() == oracle.EXPECTED["community"]["messages_by_month"]
    threads = defaultdict(int)
    for name, day in files.items():
        for m in day if "/" in name else ():
            if m in counted and m.get("reply_count", 0) >= 1:
                threads[name.split("/")[0]] += 1
    channels = community.by_channel(engaged).set_index("channel_name")["n_threads"]
    assert channels.to_dict() == {c: threads.get(c, 0) for c in channels.index}
    assert channels.sum() == oracle.EXPECTED["community"]["threads"]


def test_repeat_attendees_count_each_person_once_by_sessions_attended(engaged):
    expected = Counter(sessions_attended().values())
    table = community.repeat_attendees(engaged)
    assert dict(zip(table["n_sessions"], table["n_attendees"], strict=True)) == expected
    assert sum(expected.values()) == len(sessions_attended())
    assert max(expected) == 3  # someone came to all three


@pytest.mark.parametrize(
    "filters",
    [NO_FILTERS, Filters.of(["Perinatal"]), Filters.of([], ["Local authority", "School"]),
     Filters.of(["5-11"], ["East London NHS Foundation Trust"]), Filters.of(["19-25"])],
)  # fmt: skip
def test_attendees_by_organisation_and_life_stage_are_the_matched_respondents(engaged, filters):
    organisations, stages, answered = expected_by_group(filters)
    table = community.attendance_by_organisation(engaged, filters)
    assert dict(zip(table["organisation"], table["n_attendees"], strict=True)) == organisations
    for row in table.itertuples():
        assert row.pct_of_attendees == pytest.approx(100 * row.n_attendees / answered, abs=0.051)
    by_stage = community.attendance_by_life_stage(engaged, filters).set_index("life_stage")
    assert by_stage["n_attendees"].to_dict() == {s: stages.get(s, 0) for s in by_stage.index}
    assert set(by_stage["n_answered"]) == {answered}


def test_no_attendance_loaded_gives_empty_tables(demo_con):
    assert community.repeat_attendees(demo_con).empty
    assert community.attendance_by_organisation(demo_con, NO_FILTERS).empty
    assert community_slides.community_slides(demo_con, NO_FILTERS, True) == []
    assert community_slides.community_page(demo_con, NO_FILTERS, False).is_empty


# --- what the board may see -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "board", "marks"),
    [
        ((11, 9, 7), True, ("", "hidden", "hidden")),  # 2 not in Slack, 4 not active
        ((11, 9, 7), False, ("", "", "")),
        ((20, 12, 6), True, ("", "", "")),
        ((20, 17, 6), True, ("", "hidden", "")),  # 3 not in Slack; 14 not active is fine
        ((20, 12, 9), True, ("", "", "hidden")),  # 3 in Slack but not active
        ((20, 12, 3), True, ("", "", "<5")),
        ((3, 2, 1), True, ("<5", "hidden", "hidden")),  # a cohort under 5: nothing of it
        ((12, 0, 0), True, ("", "", "")),  # none joined: no small group
    ],
)
def test_retention_withholds_what_would_give_a_small_group_away(counts, board, marks):
    table = pd.DataFrame(
        [dict(zip(community_slides.RETENTION_MEASURES, counts, strict=True), cohort_label="c")]
    )
    shown = community_slides.retention_shown(table, board).iloc[0]
    for column, count, mark in zip(community_slides.RETENTION_MEASURES, counts, marks, strict=True):
        assert shown[f"{column}_mark"] == mark
        assert pd.isna(shown[column]) if mark else shown[column] == count
    # No number the board sees, nor a difference between two of them, is 1 to 4 people.
    seen = [count for count, mark in zip(counts, marks, strict=True) if not mark]
    differences = [a - b for a in seen for b in [0, *seen]]
    assert not board or not [d for d in differences if 0 < d < suppression.MIN_CELL]


@pytest.mark.parametrize(
    ("n", "wholes", "board", "shown"),
    [(26, [36], True, "26"), (3, [36], True, "<5"), (33, [36], True, "hidden"),
     (36, [36], True, "36"), (3, [36], False, "3"), (0, [30], True, "0"),
     (0, [4], True, "hidden")],
)  # fmt: skip
def test_a_part_of_a_shown_whole(n, wholes, board, shown):
    assert community_slides.part(n, wholes, board) == shown


def test_the_page_for_a_lead_has_every_number_of_the_files(engaged):
    expected = oracle.EXPECTED["community"]
    page = community_slides.community_page(engaged, NO_FILTERS, board=False)
    tiles = {label: value for label, value, _ in page.slack_tiles + page.session_tiles}
    attended = sessions_attended()
    assert tiles == {
        "Members": str(expected["members"]), "Members who posted": str(expected["posting_members"]),
        "Messages": str(expected["messages"]), "Replies in threads": str(expected["replies"]),
        "Threads": str(expected["threads"]), "Links shared": str(expected["links_shared"]),
        "Sessions held": "3", "People at a session": str(len(attended)),
        "Came to more than one": str(sum(1 for n in attended.values() if n > 1)),
    }  # fmt: skip
    cohort = expected["cohort"]
    assert page.retention.takeaway == (
        f"Perinatal #1: {cohort['in_workspace']} of {cohort['participants']} participants "
        f"joined, {cohort['active_within_90_days_after_end']} posted within 90 days after it "
        "ended."
    )
    bars = {t.name: list(t.x) for t in page.retention.figure.data}
    assert bars == {
        "Active within 90 days after the end": [cohort["active_within_90_days_after_end"]],
        "In the community": [cohort["in_workspace"]],
        "Participants": [cohort["participants"]],
    }


def test_the_board_sees_the_retention_without_the_small_groups(engaged):
    cohort = oracle.EXPECTED["community"]["cohort"]
    assert 0 < cohort["participants"] - cohort["in_workspace"] < suppression.MIN_CELL
    page = community_slides.community_page(engaged, NO_FILTERS, board=True)
    bars = {t.name: (list(t.x), list(t.text)) for t in page.retention.figure.data}
    assert bars["Participants"] == ([cohort["participants"]], [str(cohort["participants"])])
    assert bars["In the community"][1] == ["hidden"]
    assert bars["Active within 90 days after the end"][1] == ["hidden"]
    takeaway = page.retention.takeaway
    assert f"{cohort['in_workspace']} of" not in takeaway
    assert f"{cohort['active_within_90_days_after_end']} posted" not in takeaway
    assert "not shown" in takeaway


def test_activity_figure_and_takeaway_are_the_months_of_the_export(engaged):
    expected = oracle.EXPECTED["community"]
    slide = community_slides.community_page(engaged, NO_FILTERS, board=True).activity
    traces = {t.name: t for t in slide.figure.data if t.name}
    posts, replies = list(traces["Posts"].y), list(traces["Replies in threads"].y)
    assert [p + r for p, r in zip(posts, replies, strict=True)] == list(
        expected["messages_by_month"].values()
    )
    assert list(traces["Members who posted"].y) == list(
        expected["active_members_by_month"].values()
    )
    assert slide.figure.layout.title.subtitle.text.startswith(
        f"n = {expected['messages']} messages from {expected['posting_members']} members"
    )
    months = expected["messages_by_month"]
    busiest = max(months, key=months.get)
    assert slide.takeaway.startswith(f"{expected['messages']} messages from ")
    assert (
        f"the busiest month was {datetime.strptime(busiest, '%Y-%m'):%b %Y} "
        f"({months[busiest]} messages from {expected['active_members_by_month'][busiest]} members)"
    ) in slide.takeaway


def test_with_a_filter_the_slack_figures_say_it_does_not_apply(engaged):
    page = community_slides.community_page(engaged, Filters.of(["Perinatal"]), board=True)
    for figure in (page.activity.figure, page.threads, page.links, page.sessions.figure):
        subtitle = figure.layout.title.subtitle.text
        assert "Life stages: all life stages" in subtitle and "do not apply" in subtitle
    assert "Life stages: Perinatal" in page.by_organisation.layout.title.subtitle.text


def test_the_board_sees_attendees_by_organisation_with_small_cells_withheld(engaged):
    organisations, _, answered = expected_by_group(NO_FILTERS)
    figure = community_slides.community_page(engaged, NO_FILTERS, board=True).by_organisation
    labels = dict(zip(figure.data[0].y, figure.data[0].text, strict=True))
    for organisation, n in organisations.items():
        small = 0 < n < suppression.MIN_CELL
        assert labels[organisation] == ("<5" if small else f"{100 * n / answered:.0f}% ({n})")
    lead = community_slides.community_page(engaged, NO_FILTERS, board=False).by_organisation
    assert "<5" not in lead.data[0].text


def test_the_board_sees_no_breakdown_of_attendees_a_filter_narrows_to_a_small_group(engaged):
    # 5-11 and a school: 2 people (or fewer) in the filter; withheld for the board only.
    filters = Filters.of(["5-11"], ["School"])
    assert 0 < expected_by_group(filters)[2] < suppression.MIN_CELL
    board = community_slides.community_page(engaged, filters, board=True)
    assert "not shown" in board.by_organisation.layout.annotations[0].text
    lead = community_slides.community_page(engaged, filters, board=False)
    assert lead.by_organisation.data[0].x is not None and len(lead.by_organisation.data[0].x)


# --- sessions: the chart, the small counts, the gantt -----------------------------------------


def test_sessions_figure_has_each_sessions_attendees_and_the_comms_events(engaged):
    expected = sorted(oracle.EXPECTED["events"], key=lambda e: e["date"])
    slide = community_slides.community_page(engaged, NO_FILTERS, board=True).sessions
    bars = slide.figure.data[0]
    assert list(bars.y) == [e["attendees"] for e in expected]
    comms = sum(len(t.x) for t in slide.figure.data[1:])
    assert comms == len(pd.read_csv(oracle.DATA / "comms.csv"))
    assert slide.n_text == f"n = 3 sessions, {len(sessions_attended())} people"
    best = max(expected, key=lambda e: e["attendees"])
    assert f"the best attended was {best['title']}" in slide.takeaway
    assert f"({best['attendees']})" in slide.takeaway


def test_the_board_never_reads_a_session_of_fewer_than_five(writable):
    # Keep 3 attendees of the May Show & Tell: the board sees "<5", a lead sees 3.
    events = community.events(writable)
    may = events[pd.to_datetime(events["event_date"]) == "2021-05-12"]["batch_id"].iloc[0]
    writable.execute(
        "delete from attendee where batch_id = ? and attendee_key not in (select attendee_key "
        "from attendee where batch_id = ? order by attendee_key limit 3)",
        [int(may), int(may)],
    )
    board = community_slides.community_page(writable, NO_FILTERS, board=True).sessions
    bars = board.figure.data[0]
    assert list(bars.text) == ["15", "16", "<5"]
    assert "3 attendees" not in " ".join(bars.customdata)
    assert "(3)" not in board.takeaway
    lead = community_slides.community_page(writable, NO_FILTERS, board=False).sessions
    assert list(lead.figure.data[0].text) == ["15", "16", "3"]


def test_the_gantt_marks_the_sessions_held_with_counts_for_leads_only(engaged):
    held = community.events(engaged)
    plan = disclosure.plan_people(rollout.timeline(engaged, TODAY, ()), board=False)
    comms = rollout.comms_events(engaged)

    def sessions_trace(counts: bool):
        figure = timeline_charts.rollout_gantt(
            plan, comms, TODAY, NO_FILTERS, sessions=held, session_counts=counts
        )
        (trace,) = [t for t in figure.data if t.name == timeline_charts.SESSIONS_ROW]
        assert timeline_charts.SESSIONS_ROW in figure.layout.yaxis.categoryarray
        return trace

    lead, board = sessions_trace(True), sessions_trace(False)
    assert lead.marker.symbol == timeline_charts.SESSION_SYMBOL
    assert lead.marker.symbol not in timeline_charts.COMMS_SYMBOLS.values()
    assert len(lead.x) == len(held) == 3
    for hover, n in zip(lead.customdata, held["n_attendees"], strict=True):
        assert hover.endswith(f"{n} attendees")
    assert not any("attendees" in hover for hover in board.customdata)


# --- the deck -------------------------------------------------------------------------------


def test_the_deck_has_the_community_slides_before_the_timeline(engaged):
    for board in (True, False):
        deck = slides.deck(engaged, NO_FILTERS, board, TODAY)
        titles = [s.title for s in deck.slides]
        assert titles[-4:] == [
            "Community of Practice", "Community of Practice", "Show & Tells and webinars",
            "Rollout timeline",
        ]  # fmt: skip
        for slide in deck.slides[-4:-1]:
            assert slide.n_text.startswith("n = ") and slide.takeaway.endswith(".")
            assert slide.filters.startswith("Life stages: all life stages")
        activity, retention, held, timeline = deck.slides[-4:]
        assert "Community of Practice Slack export: 1 file, latest" in activity.source
        assert activity.source.endswith("(Slack)")
        assert "Community of Practice Slack export: 1 file" in retention.source
        assert "Pilot surveys" in retention.source
        assert "Show & Tell and webinar attendance reports: 3 files" in held.source
        assert timeline.n_text.endswith(", 3 sessions held")


def test_the_demo_deck_has_no_community_slides(demo_con):
    titles = [s.title for s in slides.deck(demo_con, NO_FILTERS, True, TODAY).slides]
    assert "Community of Practice" not in titles and "Show & Tells and webinars" not in titles


# --- quotes for the board ---------------------------------------------------------------------


def message(con, ts: str) -> pd.Series:
    messages = community_people.messages(con)
    return messages[messages["ts"] == ts].iloc[0]


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("See <https://portal.example/x|the toolkit> &amp; more", "See the toolkit & more"),
        ("<https://example.org/a>", "https://example.org/a"),
        ("<@U01JPDVEEVV> agree &lt;3", "@someone agree <3"),
        ("<!channel> reminder in <#C01|general>", "@channel reminder in #general"),
    ],
)  # fmt: skip
def test_plain_text_reads_slack_markup_as_a_person_would(markup, text):
    assert community_quotes.plain_text(markup) == text


def test_a_long_message_is_cut_between_words():
    text = community_quotes.plain_text("word " * 200)
    assert len(text) <= community_quotes.QUOTE_CHARS and text.endswith(" word…")
    assert ("word " * 200).startswith(text.removesuffix("…"))


def test_a_lead_picks_a_quote_and_the_board_gets_its_text_without_the_author(writable):
    picked = message(writable, QUOTE_TS)
    done = community_quotes.pick(writable, picked.channel_id, QUOTE_TS, "test_lead")
    assert "Picked" in done
    (quote,) = community_quotes.for_board(writable)
    assert quote.text == community_quotes.plain_text(picked.message_text)
    assert quote.channel_name == picked.channel_name and quote.month == "Dec 2020"
    assert picked.author not in repr(quote)
    (row,) = community_quotes.picked(writable).itertuples()
    assert row.picked_by == "test_lead" and pd.notna(row.picked_at)
    log = admin.audit_log(writable)
    assert "pick board quote" in set(log["action"])
    assert picked.message_text not in log.to_csv()
    with pytest.raises(community_quotes.QuoteRefused, match="already a quote"):
        community_quotes.pick(writable, picked.channel_id, QUOTE_TS, "test_lead")
    community_quotes.remove(writable, picked.channel_id, QUOTE_TS, "test_admin")
    assert community_quotes.for_board(writable) == []
    with pytest.raises(community_quotes.QuoteRefused, match="not picked"):
        community_quotes.remove(writable, picked.channel_id, QUOTE_TS, "test_admin")


def test_at_most_five_quotes_and_only_real_messages(writable):
    messages = community_people.messages(writable)
    for row in messages.head(community_quotes.MAX_QUOTES).itertuples():
        community_quotes.pick(writable, row.channel_id, row.ts, "test_lead")
    sixth = messages.iloc[community_quotes.MAX_QUOTES]
    with pytest.raises(community_quotes.QuoteRefused, match="already has 5 quotes"):
        community_quotes.pick(writable, sixth.channel_id, sixth.ts, "test_lead")
    first = messages.iloc[0]
    community_quotes.remove(writable, first.channel_id, first.ts, "test_lead")
    with pytest.raises(community_quotes.QuoteRefused, match="No such message"):
        community_quotes.pick(writable, sixth.channel_id, "1.000000", "test_lead")
    community_quotes.pick(writable, sixth.channel_id, sixth.ts, "test_lead")
    assert len(community_quotes.for_board(writable)) == community_quotes.MAX_QUOTES


def test_erasing_the_author_takes_their_quote_off_the_board(writable):
    picked = message(writable, QUOTE_TS)
    community_quotes.pick(writable, picked.channel_id, QUOTE_TS, "test_lead")
    members = community_people.members(writable)
    email = members[members["display_name"].fillna(members["real_name"]) == picked.author]
    admin.erase_person(writable, "the_admin", str(email["email"].iloc[0]).lower())
    assert community_quotes.for_board(writable) == []


@pytest.mark.parametrize(
    ("shown", "phrase"),
    [("26", " from 26 members"), ("<5", " from fewer than 5 members"), ("hidden", "")],
)
def test_the_members_who_posted_as_the_reader_may_read_them(shown, phrase):
    assert takeaways.members_from(shown) == phrase


def test_takeaways_say_what_is_withheld_and_never_the_number():
    months = pd.DataFrame(
        {"month": ["2021-01", "2021-02"], "n_messages": [30, 12], "n_replies": [10, 2],
         "n_active_members": [9.0, float("nan")]}
    )  # fmt: skip
    text = takeaways.community_activity(months, 42, "hidden")
    assert text == (
        "42 messages between Jan 2021 and Feb 2021; the busiest month was Jan 2021 (30 messages "
        "from 9 members); in Feb 2021, the latest, 12 messages from fewer than 5 members."
    )
    no_cohort = pd.DataFrame(columns=["cohort_label", *community_slides.RETENTION_MEASURES])
    assert takeaways.retention(no_cohort, 90).startswith("No trained cohort")
    withheld = pd.DataFrame(
        [{"cohort_label": "0-5 #1", "n_participants": float("nan"), "n_in_workspace": float("nan"),
          "n_active_after_end": float("nan")}]
    )  # fmt: skip
    assert takeaways.retention(withheld, 90) == "No cohort can be shown: each is a group under 5."
