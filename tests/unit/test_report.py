"""The board deck (PowerPoint) and PDF report: one real deck rendered through Debian's Chromium,
reopened with python-pptx and pypdf and checked page by page."""

from __future__ import annotations

import asyncio
import io
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu
from pypdf import PdfReader

from chatr.board import report
from chatr.board.slides import Deck, Slide

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FILTERS = "Life stage: Early Years – Primary · Organisation: all"


def bar(height: int | None = 420) -> go.Figure:
    fig = go.Figure(go.Bar(x=["Before", "After"], y=[2.4, 3.6]))
    return fig.update_layout(height=height)


def scatter() -> go.Figure:  # no height of its own: plotly's default 500
    return go.Figure(go.Scatter(x=[1, 2, 3, 4], y=[3, 1, 4, 2], mode="markers"))


def make_deck() -> Deck:
    slides = (
        Slide(
            title="Pilot cohort Early Years 1: self-rating before and after",
            figure=bar(),
            takeaway="Mean self-rating rose 1.2 points – groups <5 are not shown’",
            n_text="n = 11 matched participants",
            filters=FILTERS,
            source="Pilot surveys (Google Forms), uploaded 12 Mar 2026",
        ),
        Slide(
            title="Practice use against interest",
            figure=scatter(),
            takeaway="Scores ≥ 4 are as common among the interested as the rest",
            n_text="n = 98 respondents",
            filters=FILTERS,
            source="Baseline survey, uploaded 2 Feb 2026",
        ),
        Slide(
            title="Rollout plan: cohorts per life stage",
            figure=bar(height=1200),  # taller than 16:9: capped
            takeaway="Four cohorts start before the summer",
            n_text="n = 4 cohorts",
            filters=FILTERS,
            source="Rollout plan, edited 1 Nov 2026",
        ),
    )
    return Deck(
        title="ChATR programme: board report",
        made_on=date(2026, 11, 28),
        filters=FILTERS,
        audience="Board version: counts under 5 are not shown",
        slides=slides,
    )


@dataclass(frozen=True)
class Rendered:
    deck: Deck
    pptx: Presentation
    pdf: PdfReader
    pptx_progress: list[tuple[int, int]]
    pdf_progress: list[tuple[int, int]]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The deck written once as a .pptx file on disk and once as a PDF into memory."""
    deck = make_deck()
    pptx_path = tmp_path_factory.mktemp("report") / "board.pptx"
    pptx_progress: list[tuple[int, int]] = []
    report.render(deck, "pptx", pptx_path, lambda *p: pptx_progress.append(p))
    pdf_buffer = io.BytesIO()
    pdf_progress: list[tuple[int, int]] = []
    report.render(deck, "pdf", pdf_buffer, lambda *p: pdf_progress.append(p))
    pdf_buffer.seek(0)
    return Rendered(
        deck, Presentation(pptx_path), PdfReader(pdf_buffer), pptx_progress, pdf_progress
    )


def words(text: str) -> str:
    """Whitespace collapsed, so wrapped lines compare equal to the original text."""
    return " ".join(text.split())


def slide_text(slide) -> str:
    return words(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))


# ---- figure_png ----


def test_figure_png_is_1600_px_wide_at_the_figures_own_aspect() -> None:
    png = report.figure_png(bar(height=420))
    assert png.startswith(PNG_SIGNATURE)
    assert report.png_size(png) == (1600, 672)  # laid out 1000 x 420, scaled by 1.6


def test_figure_png_caps_tall_figures_at_16_9_and_honours_an_explicit_size() -> None:
    width, height = report.png_size(report.figure_png(bar(height=1200)))
    assert width == 1600 and height == pytest.approx(900, abs=1)
    assert report.png_size(report.figure_png(scatter(), width=800, height=450)) == (800, 450)


def test_one_browser_serves_every_render_and_every_thread() -> None:
    report.figure_png(scatter())
    browser = report._browser
    pid = browser.kaleido.subprocess.pid
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(report.figure_png(bar()))) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    async def inside_a_running_loop() -> bytes:  # as under an async framework
        return report.figure_png(scatter())

    # On a thread of its own: this one may already run a loop (Playwright's, when the browser
    # tests ran first in the same session), and asyncio.run refuses to nest.
    looped = threading.Thread(target=lambda: results.append(asyncio.run(inside_a_running_loop())))
    looped.start()
    looped.join(timeout=60)
    assert len(results) == 4 and all(png.startswith(PNG_SIGNATURE) for png in results)
    assert report._browser is browser and browser.kaleido.subprocess.pid == pid


def test_a_browser_that_died_is_started_again() -> None:
    report.figure_png(scatter())
    dead = report._browser.kaleido.subprocess  # the process this test session started
    dead.terminate()
    dead.wait(timeout=10)
    assert report.figure_png(scatter()).startswith(PNG_SIGNATURE)
    assert report._browser.kaleido.subprocess.pid != dead.pid


def test_a_render_that_times_out_is_dropped_and_the_next_starts_a_browser(monkeypatch) -> None:
    report.figure_png(scatter())
    stuck = report._browser
    monkeypatch.setattr(report, "RENDER_TIMEOUT_S", -4.999)  # png() waits RENDER_TIMEOUT_S + 5
    with pytest.raises(TimeoutError):
        report.figure_png(bar())
    assert report._browser is None
    monkeypatch.undo()
    assert report.figure_png(scatter()).startswith(PNG_SIGNATURE)
    assert report._browser is not stuck


# ---- PowerPoint ----


def test_pptx_has_a_title_slide_then_one_slide_per_chart(rendered: Rendered) -> None:
    prs = rendered.pptx
    assert len(prs.slides) == 1 + len(rendered.deck.slides)
    assert (Emu(prs.slide_width).inches, Emu(prs.slide_height).inches) == pytest.approx(
        (13.333, 7.5)
    )
    assert prs.core_properties.title == rendered.deck.title
    cover = slide_text(prs.slides[0])
    for expected in ("ChATR programme: board report", "28 November 2026", FILTERS, "Board version"):
        assert words(expected) in cover


@pytest.mark.parametrize("index", [0, 1, 2])
def test_pptx_chart_slide_holds_its_picture_and_words(rendered: Rendered, index: int) -> None:
    slide, page = rendered.deck.slides[index], rendered.pptx.slides[index + 1]
    pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    picture = pictures[0]
    blob = picture.image.blob
    assert blob.startswith(PNG_SIGNATURE)
    width_px, height_px = report.png_size(blob)
    assert width_px == 1600
    # Fitted into the chart area with its aspect kept.
    assert picture.width / picture.height == pytest.approx(width_px / height_px, rel=0.01)
    assert Emu(picture.left).inches >= report.CHART.left - 0.01
    assert Emu(picture.top + picture.height).inches <= report.CHART.top + report.CHART.height + 0.01
    text = slide_text(page)
    for expected in (slide.title, slide.takeaway, slide.n_text, slide.filters, slide.source):
        assert words(expected) in text


def test_progress_counts_every_chart_slide(rendered: Rendered) -> None:
    assert rendered.pptx_progress == [(1, 3), (2, 3), (3, 3)]
    assert rendered.pdf_progress == [(1, 3), (2, 3), (3, 3)]


# ---- PDF ----


def test_pdf_has_a_title_page_then_one_page_per_chart(rendered: Rendered) -> None:
    pdf = rendered.pdf
    assert len(pdf.pages) == 1 + len(rendered.deck.slides)
    assert pdf.metadata.title == rendered.deck.title
    cover = words(pdf.pages[0].extract_text())
    for expected in ("ChATR programme: board report", "28 November 2026", FILTERS):
        assert words(expected) in cover


@pytest.mark.parametrize("index", [0, 1, 2])
def test_pdf_chart_page_holds_its_picture_and_words(rendered: Rendered, index: int) -> None:
    slide, page = rendered.deck.slides[index], rendered.pdf.pages[index + 1]
    assert len(page.images) == 1
    text = words(page.extract_text())
    for expected in (slide.title, slide.takeaway, slide.n_text, slide.source):
        assert words(expected) in text  # "–", "≥", "’" survive: DejaVu Sans is embedded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Early Years – Primary", "Early Years - Primary"),
        ("scores ≥ 4, counts <5", "scores >= 4, counts <5"),
        ("the programme’s “board”…", 'the programme\'s "board"...'),
        ("Life stage: all · café", "Life stage: all · café"),  # latin-1 already
        ("cohort 1 ✓", "cohort 1 ?"),  # no stand-in: a visible mark, not an error
    ],
)
def test_latin1_stand_ins(text: str, expected: str) -> None:
    assert report.latin1(text) == expected


def test_pdf_without_dejavu_falls_back_to_latin1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(report, "UNICODE_FONTS", {"": tmp_path / "missing.ttf"})
    deck = make_deck()
    out = tmp_path / "board.pdf"
    report.write_pdf(Deck(**{**deck.__dict__, "slides": deck.slides[:1]}), out)
    pdf = PdfReader(out)
    assert len(pdf.pages) == 2
    text = words(pdf.pages[1].extract_text())
    assert "rose 1.2 points - groups <5 are not shown'" in text
    assert pdf.metadata.title == deck.title


def test_render_names_the_formats_it_knows() -> None:
    assert set(report.MIME) == set(report.FORMATS) == {"pptx", "pdf"}
    with pytest.raises(ValueError, match="choose one of pptx, pdf"):
        report.render(make_deck(), "docx", io.BytesIO())


def test_fit_keeps_the_aspect_inside_the_area() -> None:
    wide = report.fit(1600, 400, report.CHART)  # width-limited
    assert (wide.width, wide.height) == pytest.approx((12.333, 12.333 / 4))
    tall = report.fit(1600, 900, report.CHART)  # height-limited, centred across
    assert tall.height == pytest.approx(report.CHART.height)
    assert tall.left - report.CHART.left == pytest.approx(
        report.CHART.left + report.CHART.width - tall.left - tall.width
    )


# ---- accessibility: titles, alt text, language, tags ----


def _struct_figures(pdf: PdfReader) -> list:
    """The /Figure elements of the PDF's structure tree, depth first."""
    found, stack = [], [pdf.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                found.append(node)
            kids = node.get("/K")
            if kids is not None and not isinstance(kids, int):
                stack.append(kids)
    return found


@pytest.mark.parametrize("index", [0, 1, 2])
def test_pptx_slide_has_a_real_title_and_its_chart_has_alt_text(
    rendered: Rendered, index: int
) -> None:
    slide, page = rendered.deck.slides[index], rendered.pptx.slides[index + 1]
    assert page.shapes.title is not None and words(page.shapes.title.text) == words(slide.title)
    picture = next(s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    descr = picture._element.nvPicPr.cNvPr.get("descr")
    assert descr == report.alt_text(slide)
    assert slide.takeaway in descr and slide.n_text in descr
    assert rendered.pptx.slides[0].shapes.title.text == rendered.deck.title


def test_alt_text_names_the_chart_then_takeaway_and_n() -> None:
    slide = make_deck().slides[0]
    titled = Slide(**{**slide.__dict__, "figure": bar().update_layout(title="Before and after")})
    assert report.alt_text(titled) == (
        "Chart: Before and after. Mean self-rating rose 1.2 points – groups <5 are not shown’. "
        "n = 11 matched participants."
    )
    assert report.alt_text(slide).startswith(f"Chart: {slide.title}.")  # untitled figure


def test_pdf_declares_language_title_and_is_tagged_with_alt_text(rendered: Rendered) -> None:
    pdf = rendered.pdf
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == report.LANGUAGE == "en-GB"
    assert pdf.metadata.title == rendered.deck.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert root["/MarkInfo"]["/Marked"].value is True
    figures = _struct_figures(pdf)
    alts = [str(figure["/Alt"]) for figure in figures]
    assert alts == [report.alt_text(slide) for slide in rendered.deck.slides]
    for slide, alt in zip(rendered.deck.slides, alts, strict=True):
        assert slide.takeaway in alt and slide.n_text in alt
    # Each figure is tied to the page its picture is on (title page first, so page i + 1).
    for i, figure in enumerate(figures):
        assert figure.raw_get("/Pg").idnum == pdf.pages[i + 1].indirect_reference.idnum


def test_pdf_has_a_bookmark_per_slide(rendered: Rendered) -> None:
    titles = [item.title for item in rendered.pdf.outline]
    assert titles == [slide.title for slide in rendered.deck.slides]
