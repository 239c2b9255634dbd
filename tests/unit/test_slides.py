"""The board slides (presentation mode, deck, report): which slides, and every number in their
takeaways and captions against figures computed here from the demo files; the board's version
with no group under 5; and `python -m chatr report` as a person runs it."""

from __future__ import annotations

import csv
import statistics
from datetime import date

import pytest
from pptx import Presentation
from pypdf import PdfReader

from chatr import demo, stats, suppression
from chatr.board import slides
from chatr.filters import NO_FILTERS, Filters
from tests.conftest import DATA, demo_likert, demo_pilot, demo_respondents, select
from tests.unit.test_auth_and_cli import cli

TODAY = date(2026, 11, 28)
AGREE = ("Agree", "Strongly agree")
DISAGREE = ("Disagree", "Strongly disagree")


def pairs() -> list[dict]:
    return [p for p in demo_pilot().values() if None not in p.values()]


@pytest.fixture(scope="module")
def decks(demo_con):
    return {board: slides.deck(demo_con, NO_FILTERS, board, TODAY) for board in (True, False)}


def test_the_deck_has_the_overview_baseline_each_cohort_and_the_timeline(decks):
    for board, deck in decks.items():
        titles = [s.title for s in deck.slides]
        assert titles == [
            "Programme at a glance",
            *["System baseline"] * 6,
            *["Pilot results: Perinatal #1"] * 4,  # the last: does the change last?
            "Rollout timeline",
        ]
        for slide in deck.slides:
            assert slide.n_text.startswith("n = ") and slide.takeaway.endswith(".")
            assert (
                slide.filters == "Life stages: all life stages · Organisations: all organisations"
            )
            assert "n = " in slide.figure.layout.title.subtitle.text
        assert deck.audience == (slides.BOARD_AUDIENCE if board else slides.FULL_AUDIENCE)


def test_baseline_takeaways_match_the_demo_files(decks):
    people = demo_respondents()
    scores = [p.score for p in people if p.score is not None]
    interest = [p.interest for p in people if p.interest]
    deck = decks[False]
    use = deck.slides[3]
    assert f"{statistics.mean(scores):.1f} out of 10" in use.takeaway
    assert f"(median {statistics.median(scores):g})" in use.takeaway
    assert use.n_text == f"n = {len(scores)} respondents answered"
    shares = [
        f"{100 * interest.count(a) / len(interest):.0f}% {a.lower()}"
        for a in ("Yes", "Maybe", "No")
    ]
    assert deck.slides[4].takeaway.endswith(", ".join(shares) + ".")
    stage_counts = {s: sum(s in p.life_stages for p in people) for s in ("Perinatal", "0-5")}
    top = max(stage_counts, key=stage_counts.get)
    with_stages = sum(bool(p.life_stages) for p in people)
    expected = f"the {top} life stage ({100 * stage_counts[top] / with_stages:.0f}%)"
    assert expected in deck.slides[1].takeaway


def test_pilot_takeaways_match_the_demo_files(decks):
    matched = pairs()
    before = statistics.median(p["pre"] for p in matched)
    after = statistics.median(p["post"] for p in matched)
    higher = sum(p["post"] > p["pre"] for p in matched)
    full = decks[False].slides[7]
    assert full.takeaway == (
        f"The median self-rating rose from {before:g} to {after:g} out of 10; "
        f"{higher} of {len(matched)} rated their practice higher afterwards."
    )
    assert full.n_text == f"n = {len(matched)} matched participants of {len(demo_pilot())}"
    bands = {label: [p for p in matched if lo <= p["pre"] <= hi] for label, lo, hi in stats.BANDS}
    gains = {
        label: statistics.mean(p["post"] - p["pre"] for p in group)
        for label, group in bands.items()
        if group
    }
    best = max(gains, key=gains.get)
    assert decks[False].slides[8].takeaway == (
        f"The largest mean change was among those starting {best}: "
        f"{gains[best]:+.1f} points (n = {len(bands[best])})."
    )
    # The board: bands of fewer than 5 are left out of the takeaway as from the chart.
    # The board: bands of fewer than 5 are left out, and no "largest" is claimed over them.
    board = decks[True].slides[8].takeaway
    for label, gain in gains.items():
        told = f"{label}: {gain:+.1f} points (n = {len(bands[label])})"
        assert (told in board) == (len(bands[label]) >= suppression.MIN_CELL), (label, board)
    assert "largest" not in board and "bands of fewer than 5 are not shown" in board


def test_the_board_likert_slide_counts_the_statements_it_withholds(decks):
    withheld, shown = 0, []
    for answers in demo_likert().values():
        groups = (
            sum(a in AGREE for a in answers),
            sum(a in DISAGREE for a in answers),
            sum(a not in AGREE + DISAGREE for a in answers),
        )
        if any(0 < g < suppression.MIN_CELL for g in groups):
            withheld += 1
        else:
            shown.append(round(100 * groups[0] / len(answers)))
    board = decks[True].slides[9].takeaway
    assert f"{withheld} more not shown" in board
    assert f"{min(shown)}% agree" in board or f"{min(shown)}%" in board
    lead = decks[False].slides[9].takeaway
    assert "not shown" not in lead


def test_the_board_overview_withholds_a_share_with_a_group_under_five(decks):
    confident = next(v for k, v in demo_likert().items() if "more confident" in k)
    agreed = sum(a in AGREE for a in confident)
    assert 0 < len(confident) - agreed < suppression.MIN_CELL  # the demo's case
    assert "feel more confident" not in decks[True].slides[0].takeaway
    share = f"{100 * agreed / len(confident):.0f}%"
    assert f"{share} of them feel more confident" in decks[False].slides[0].takeaway
    assert decks[False].slides[0].takeaway.startswith(f"{len(demo_pilot())} people trained")


def test_sources_name_the_files_and_their_upload_date(decks):
    # The demo instance: every source says so first (tests/unit/test_demo_flag.py).
    demo_data = f"{demo.DEMO_NOTICE} · "
    source = decks[True].slides[1].source
    assert source == f"{demo_data}System baseline survey: 1 file, latest uploaded " + (
        f"{date.today().day} {date.today():%b %Y} (dashboard CSV)"
    )
    # The before/after file and the (synthetic) follow-up six months on.
    assert decks[True].slides[7].source.startswith(f"{demo_data}Pilot surveys: 2 files, latest")
    assert decks[True].slides[-1].source.startswith(f"{demo_data}Rollout plan: ")


def test_filters_and_cohorts_choose_the_slides(demo_con):
    deck = slides.deck(demo_con, Filters.of(["19-25"]), True, TODAY)
    assert "Pilot results: Perinatal #1" not in [s.title for s in deck.slides]
    people = select(demo_respondents(), ("19-25",))
    assert (
        deck.slides[3].n_text
        == f"n = {sum(p.score is not None for p in people)} respondents answered"
    )
    with pytest.raises(ValueError, match="no evaluated cohort called 0-5 #9"):
        slides.deck(demo_con, NO_FILTERS, True, TODAY, ["0-5 #9"])
    one = slides.deck(demo_con, NO_FILTERS, True, TODAY, ["Perinatal #1"])
    assert len(one.slides) == 12


def test_the_board_gets_no_slides_of_a_group_under_five(demo_con):
    # Two Hospital participants in the pilot: the board sees no pilot slide for them.
    deck = slides.deck(demo_con, Filters.of((), ["Hospital"]), True, TODAY)
    assert not [s for s in deck.slides if s.title.startswith("Pilot results")]
    lead = slides.deck(demo_con, Filters.of((), ["Hospital"]), False, TODAY)
    assert [s for s in lead.slides if s.title.startswith("Pilot results")]


def test_the_report_command_writes_the_deck_and_the_pdf(tmp_path):
    home = tmp_path / "home"
    assert cli(home, "init", "--demo").returncode == 0
    out = tmp_path / "board.pptx"
    result = cli(
        home, "report", "--format", "pptx", "--out", str(out), "--life-stage", "Perinatal",
        "--cohort", "Perinatal #1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(out))
    wave_slides = 7  # chatr init --demo loads the demo's two survey waves: seven change slides
    assert len(deck.slides) == 1 + 12 + wave_slides
    texts = [
        " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for slide in deck.slides
    ]
    assert "Life stages: Perinatal" in texts[0] and "Board version" in texts[0]
    assert all("n = " in t and "Life stages: Perinatal" in t for t in texts[1:])
    pdf = tmp_path / "full.pdf"
    result = cli(home, "report", "--format", "pdf", "--out", str(pdf), "--full")
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(pdf))
    assert (
        len(reader.pages) == 1 + 12 + wave_slides
        and "Full version" in reader.pages[0].extract_text()
    )
    refused = cli(home, "report", "--format", "pdf", "--out", str(pdf), "--cohort", "0-5 #9")
    assert refused.returncode == 1 and "no evaluated cohort called 0-5 #9" in refused.stderr


def board_counts(deck) -> list[str]:
    """Every 'n = k' and tile value the board would read, as text."""
    about_people = [s for s in deck.slides if s.title != "Rollout timeline"]  # counts cohorts
    texts = [s.n_text for s in about_people] + [s.takeaway for s in about_people]
    for slide in about_people:
        texts += [a.text for a in slide.figure.layout.annotations or ()]
        texts.append(slide.figure.layout.title.subtitle.text or "")
    return texts


def test_the_board_never_reads_a_count_under_five(demo_con):
    # Perinatal respondents from "Other" organisations: one answered the 0-10 question.
    filters = Filters.of(["Perinatal"], ["Other"])
    people = select(demo_respondents(), ("Perinatal",), ("Other",))
    assert 0 < sum(p.score is not None for p in people) < suppression.MIN_CELL
    deck = slides.deck(demo_con, filters, True, TODAY)
    for text in board_counts(deck):
        for small in range(1, suppression.MIN_CELL):
            assert f"n = {small} " not in text and f"n = {small}<" not in text, text
    tiles = [a.text for a in deck.slides[0].figure.layout.annotations]
    use = tiles[tiles.index("Baseline use of the<br>approach") + 1]
    assert use == "<b>–</b>"  # a mean of one person's answer is not shown
    full = slides.deck(demo_con, filters, False, TODAY)
    assert any(f"n = {n} " in " ".join(board_counts(full)) for n in range(1, 5))


def test_a_cohort_with_fewer_than_five_pairs_has_no_board_slides(fresh_con):
    # Drop the after survey of all but 3 participants: 11 took part, 3 have both.
    from chatr import pilot

    cohort_id = int(pilot.evaluated_cohorts(fresh_con, NO_FILTERS).iloc[0]["cohort_id"])
    fresh_con.execute(
        "delete from pilot_rating where cohort_id = ? and phase = 'follow_up' and person_id not "
        "in (select person_id from pilot_rating where cohort_id = ? and phase = 'follow_up' "
        "order by person_id limit 3)",
        [cohort_id, cohort_id],
    )
    assert pilot.scores(fresh_con, cohort_id)["is_matched"].sum() == 3
    titles = [s.title for s in slides.deck(fresh_con, NO_FILTERS, True, TODAY).slides]
    assert "Pilot results: Perinatal #1" not in titles
    titles = [s.title for s in slides.deck(fresh_con, NO_FILTERS, False, TODAY).slides]
    assert titles.count("Pilot results: Perinatal #1") == 4  # with the follow-up's


def test_a_cohort_no_one_matches_has_no_slides(demo_con):
    filters = Filters.of((), ["School"])
    with open(DATA / "pilot_perinatal_1.csv", newline="", encoding="utf-8") as handle:
        assert not [row for row in csv.DictReader(handle) if row["organisation"] == "School"]
    for board in (True, False):
        titles = [s.title for s in slides.deck(demo_con, filters, board, TODAY).slides]
        assert "Pilot results: Perinatal #1" not in titles
