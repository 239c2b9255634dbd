"""Board decks (PowerPoint) and PDF reports from a `Deck`: a title page, then one page per slide
with its title, takeaway, chart picture and a caption line (n · filters · source).

Charts become PNGs in Debian's Chromium through kaleido. Starting the browser costs seconds, so one
browser is started on first use and kept for the life of the process, on a thread of its own that
runs its event loop; callers on any thread (Streamlit sessions, the CLI, pytest) hand it work and
wait for the answer. No Streamlit here.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import io
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import kaleido
import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.prefs import ViewerPreferences
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Inches, Pt

from chatr.board.slides import Deck, Slide
from chatr.charts.table import chart_title

FORMATS = ("pptx", "pdf")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
Progress = Callable[[int, int], None]

CHROMIUM = "/usr/bin/chromium"  # Debian's; kaleido's own Chrome download cannot work here
START_TIMEOUT_S = 60
RENDER_TIMEOUT_S = 60

# Charts are laid out 1000 CSS px wide, about the app's wide column, so titles and labels keep
# their on-screen size relative to the chart, then scaled up to a 1600 px picture: sharp when
# projected 12 in wide. Their own height is kept, capped at 16:9 so a tall chart stays legible.
LAYOUT_WIDTH_PX = 1000
DEFAULT_HEIGHT_PX = 500  # plotly's own default when a figure sets no height
MAX_HEIGHT_PX = LAYOUT_WIDTH_PX * 9 // 16


# ---- charts to PNG: one browser per process ----


class _ChartBrowser:
    """Chromium under kaleido, driven from an event loop on its own daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="chatr-kaleido", daemon=True).start()
        try:
            self.kaleido = self._run(self._open(), START_TIMEOUT_S)
        except BaseException:
            self.loop.call_soon_threadsafe(self.loop.stop)
            raise

    @staticmethod
    async def _open() -> kaleido.Kaleido:
        # An explicit path: choreographer would otherwise prefer its own Chrome download, then
        # $BROWSER_PATH, then PATH. mathjax=False: kaleido would fetch MathJax from a CDN.
        # The sandbox is off by default in choreographer (--no-sandbox), which root needs.
        return await kaleido.Kaleido(path=CHROMIUM, mathjax=False, timeout=RENDER_TIMEOUT_S)

    def _run(self, coroutine, timeout_s: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout_s)
        except TimeoutError:
            future.cancel()  # else it would go on holding the browser
            raise

    def is_alive(self) -> bool:
        return self.kaleido.subprocess.poll() is None

    def png(self, fig: go.Figure, opts: dict) -> bytes:
        return self._run(self.kaleido.calc_fig(fig, opts=opts), RENDER_TIMEOUT_S + 5)

    def close(self) -> None:
        try:
            self._run(self.kaleido.close(), 15)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)


_browser: _ChartBrowser | None = None
# Streamlit runs each session on its own thread: one start, and one render at a time.
_browser_lock = threading.Lock()


def _close_browser() -> None:
    global _browser
    with _browser_lock:
        if _browser is not None:
            _browser.close()
            _browser = None


atexit.register(_close_browser)


def figure_png(fig: go.Figure, width: int = 1600, height: int | None = None) -> bytes:
    """The chart as PNG bytes `width` px wide, laid out 1000 CSS px wide at its own height."""
    global _browser
    layout_height = height * LAYOUT_WIDTH_PX / width if height else _layout_height(fig)
    opts = {"format": "png", "width": LAYOUT_WIDTH_PX, "height": layout_height}
    opts["scale"] = width / LAYOUT_WIDTH_PX
    with _browser_lock:
        if _browser is not None and not _browser.is_alive():  # crashed or killed: start again
            _browser.close()
            _browser = None
        if _browser is None:
            _browser = _ChartBrowser()
        try:
            return _browser.png(fig, opts)
        except TimeoutError:
            # A browser that stopped answering is not trusted again: the next chart starts anew.
            stuck, _browser = _browser, None
            with contextlib.suppress(Exception):
                stuck.close()
            raise


def _layout_height(fig: go.Figure) -> int:
    return min(fig.layout.height or DEFAULT_HEIGHT_PX, MAX_HEIGHT_PX)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, read from the PNG header."""
    return struct.unpack(">II", png[16:24])


# ---- page layout, in inches, shared by both formats: a 16:9 page ----


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float


PAGE_WIDTH_IN, PAGE_HEIGHT_IN = 13.333, 7.5
TITLE = Box(0.5, 0.3, 12.333, 0.8)
TAKEAWAY = Box(0.5, 1.1, 12.333, 0.8)
CHART = Box(0.5, 2.0, 12.333, 4.7)
CAPTION = Box(0.5, 6.85, 12.333, 0.45)
COVER_TITLE = Box(0.8, 2.0, 11.733, 1.4)
COVER_LINES = Box(0.8, 3.6, 11.733, 2.8)

RGB = tuple[int, int, int]
TEXT_RGB = (0x26, 0x26, 0x26)
MUTED_RGB = (0x59, 0x59, 0x59)
# Font sizes in points.
SIZES = {"title": 30, "takeaway": 20, "caption": 11, "cover_title": 40, "cover": 18}


def fit(width_px: int, height_px: int, box: Box) -> Box:
    """The largest box with the picture's aspect inside `box`, centred across, at its top."""
    scale = min(box.width / width_px, box.height / height_px)
    width, height = width_px * scale, height_px * scale
    return Box(box.left + (box.width - width) / 2, box.top, width, height)


def made_on_text(deck: Deck) -> str:
    """e.g. '28 November 2026'."""
    return f"{deck.made_on.day} {deck.made_on:%B %Y}"


def cover_lines(deck: Deck) -> list[str]:
    """The title page's lines under the title: date, filters in force, audience."""
    return [made_on_text(deck), f"Filters in force: {deck.filters}", deck.audience]


def caption(slide: Slide) -> str:
    """'n = 11 matched participants · Life stage: all · Pilot surveys ...'."""
    return " · ".join(part for part in (slide.n_text, slide.filters, slide.source) if part)


LANGUAGE = "en-GB"


def alt_text(slide: Slide) -> str:
    """The chart picture's text alternative: which chart, its takeaway and its n, e.g.
    'Chart: Which life stages do respondents work in? The largest group ... n = 100 ...'."""
    name = chart_title(slide.figure) or slide.title
    parts = [f"Chart: {name}", slide.takeaway, slide.n_text]
    return " ".join(p if p[-1] in ".?!" else p + "." for p in (s.strip() for s in parts) if p)


# ---- PowerPoint ----


def write_pptx(deck: Deck, out: Path | BinaryIO, progress: Progress | None = None) -> None:
    """A 16:9 PowerPoint deck: the title slide, then one slide per chart."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(PAGE_WIDTH_IN), Inches(PAGE_HEIGHT_IN)
    prs.core_properties.title = deck.title
    # "Title Only": each slide's title in its title placeholder, so a screen reader and
    # PowerPoint's accessibility checker find it (a text box would leave the slide untitled).
    titled = prs.slide_layouts[5]
    cover = prs.slides.add_slide(titled)
    _pptx_title(cover, COVER_TITLE, deck.title, SIZES["cover_title"])
    _pptx_text(cover, COVER_LINES, "\n".join(cover_lines(deck)), SIZES["cover"], rgb=MUTED_RGB)
    for done, slide in enumerate(deck.slides, start=1):
        page = prs.slides.add_slide(titled)
        _pptx_title(page, TITLE, slide.title, SIZES["title"])
        _pptx_text(page, TAKEAWAY, slide.takeaway, SIZES["takeaway"])
        png = figure_png(slide.figure)
        box = fit(*png_size(png), CHART)
        picture = page.shapes.add_picture(io.BytesIO(png), *(Inches(v) for v in _edges(box)))
        picture._element.nvPicPr.cNvPr.set("descr", alt_text(slide))  # PowerPoint's alt text
        _pptx_text(page, CAPTION, caption(slide), SIZES["caption"], rgb=MUTED_RGB)
        if progress:
            progress(done, len(deck.slides))
    prs.save(out)


def _edges(box: Box) -> tuple[float, float, float, float]:
    return box.left, box.top, box.width, box.height


def _pptx_title(slide: PptxSlide, box: Box, text: str, size: int) -> None:
    """The slide's title placeholder, placed and styled as the title text box was."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (Inches(v) for v in _edges(box))
    frame = title.text_frame
    frame.vertical_anchor = MSO_ANCHOR.TOP
    _pptx_runs(frame, text, size, bold=True, rgb=TEXT_RGB)
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT


def _pptx_text(
    slide: PptxSlide, box: Box, text: str, size: int, bold: bool = False, rgb: RGB = TEXT_RGB
) -> None:
    frame = slide.shapes.add_textbox(*(Inches(v) for v in _edges(box))).text_frame
    _pptx_runs(frame, text, size, bold, rgb)


def _pptx_runs(frame: TextFrame, text: str, size: int, bold: bool, rgb: RGB) -> None:
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor(*rgb)


# ---- PDF ----

# fpdf2's built-in fonts are latin-1 only; DejaVu (Debian's fonts-dejavu-core) covers "–≥’".
UNICODE_FONTS = {
    "": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "B": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
LATIN1_STAND_INS = str.maketrans(
    {"–": "-", "—": "-", "−": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."}
    | {"≥": ">=", "≤": "<=", "≠": "!=", "→": "->", "•": "·", "\u2009": " ", "\u202f": " "}
)


def latin1(text: str) -> str:
    """The text with look-alikes for what latin-1 lacks ('–' → '-', '≥' → '>='), else '?'."""
    return text.translate(LATIN1_STAND_INS).encode("latin-1", "replace").decode("latin-1")


class _Pdf(FPDF):
    """A 16:9 page in inches, writing with DejaVu Sans, or latin-1 Helvetica without it."""

    def __init__(self, fonts: dict[str, Path]) -> None:
        super().__init__(orientation="L", unit="in", format=(PAGE_HEIGHT_IN, PAGE_WIDTH_IN))
        self.set_auto_page_break(False)
        self.set_margin(0)
        self.unicode = all(path.is_file() for path in fonts.values())
        for style, path in fonts.items() if self.unicode else ():
            self.add_font("DejaVu", style, path)
        self.family = "DejaVu" if self.unicode else "helvetica"

    def text_box(
        self, box: Box, text: str, size: int, bold: bool = False, rgb: RGB = TEXT_RGB
    ) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*rgb)
        self.set_xy(box.left, box.top)
        line_height = size * 1.25 / 72  # points to inches, with some leading
        self.multi_cell(box.width, line_height, text if self.unicode else latin1(text))


def write_pdf(deck: Deck, out: Path | BinaryIO, progress: Progress | None = None) -> None:
    """A 16:9 PDF report: the title page, then one page per chart."""
    pdf = _Pdf(UNICODE_FONTS)
    pdf.set_title(deck.title)  # metadata is UTF-16 whatever the font
    pdf.set_creator("ChATR dashboard")
    # Accessibility: the language, the title shown instead of the file name, and a tagged
    # structure (fpdf2 tags each chart as a Figure with its alt text); a bookmark per slide.
    pdf.set_lang(LANGUAGE)
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.add_page()
    pdf.text_box(COVER_TITLE, deck.title, SIZES["cover_title"], bold=True)
    pdf.text_box(COVER_LINES, "\n".join(cover_lines(deck)), SIZES["cover"], rgb=MUTED_RGB)
    for done, slide in enumerate(deck.slides, start=1):
        pdf.add_page()
        pdf.start_section(slide.title)  # outline entries are Unicode whatever the font
        pdf.text_box(TITLE, slide.title, SIZES["title"], bold=True)
        pdf.text_box(TAKEAWAY, slide.takeaway, SIZES["takeaway"])
        png = figure_png(slide.figure)
        box = fit(*png_size(png), CHART)
        alt = alt_text(slide)
        pdf.image(io.BytesIO(png), box.left, box.top, box.width, box.height, alt_text=alt)
        pdf.text_box(CAPTION, caption(slide), SIZES["caption"], rgb=MUTED_RGB)
        if progress:
            progress(done, len(deck.slides))
    data = bytes(pdf.output())
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)


WRITERS = {"pptx": write_pptx, "pdf": write_pdf}


def render(deck: Deck, fmt: str, out: Path | BinaryIO, progress: Progress | None = None) -> None:
    """The deck written to `out` as a PowerPoint ("pptx") or PDF ("pdf") file."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    WRITERS[fmt](deck, out, progress)
