"""Shared page pieces: charts, what a board member may see, messages, presentation style."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from chatr import auth, demo, disclosure, export, suppression
from chatr.charts import table as chart_table
from chatr.ui import cache
from chatr.ui.session import current_user

if TYPE_CHECKING:
    from chatr.board.slides import Deck, Slide

# Markdown (and Streamlit's $...$ maths) that uploaded text must not trigger.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$])")

CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def demo_badge() -> None:
    """On an instance holding the demo data, a badge saying so (app.py: on every page)."""
    if cache.cached(demo.holds_demo_data):
        st.badge(demo.DEMO_NOTICE, icon=":material/science:", color="orange")


def chart(fig: go.Figure, key: str | None = None) -> None:
    """Draw a figure full width with the shared chart settings, named for screen readers, with
    its numbers under it ("Show the data")."""
    # theme=None: Streamlit's chart theme would override our projector-sized fonts. alt: the
    # chart's wrapper gets role="figure" and this name (chatr.ui.a11y names the picture too).
    alt = cache.from_figure(chart_table.chart_alt, fig)
    st.plotly_chart(fig, width="stretch", config=CHART_CONFIG, key=key, theme=None, alt=alt)
    show_the_data(fig, key)


def slide_chart(slide: Slide, key: str | None = None) -> None:
    """A board slide on the page: its takeaway (the finding, in words), then its chart."""
    st.markdown(f"**{escape_markdown(slide.takeaway)}**")
    chart(slide.figure, key=key)


def escape_markdown(text: str) -> str:
    """Text shown as written: no markdown, HTML or maths in it takes effect."""
    return _MARKDOWN.sub(r"\\\1", text)


def show_the_data(fig: go.Figure, key: str | None = None) -> None:
    """Under a chart, its numbers as a table and a CSV file (formulas neutralised): read from
    the figure, so a board member's table holds what their chart was given, no more.

    Drawn only once opened (the expander reruns the page): six tables and their files on every
    redraw cost the browser about a fifth of the System baseline page's time (issue 17)."""
    title, table, content_key = cache.from_figure(_chart_data, fig)
    if table.empty:  # nothing drawn: the chart's own words (and its name) say why
        return
    key = key or content_key  # unkeyed: two identical charts cannot share a page
    data = st.expander(
        "Show the data", icon=":material/table:", key=f"{key}_data", on_change="rerun"
    )
    if not data.open:
        return
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "chart"
    with data:
        st.table(table, hide_index=True, alt=f"The numbers of the chart: {title}")
        st.download_button(
            "Download these numbers (CSV)",
            export.frame_csv(table),
            file_name=f"chatr-{slug}.csv",
            mime="text/csv",
            key=f"{key}_data_csv",
            on_click="ignore",
            icon=":material/download:",
        )


def _chart_data(fig: go.Figure) -> tuple[str, pd.DataFrame, str]:
    """The chart's title, its numbers as a table, and a key made from what it shows."""
    title = chart_table.chart_title(fig) or "chart"
    table = chart_table.figure_table(fig)
    shown = repr(table.to_numpy().tolist()).encode()
    return title, table, "chart_" + hashlib.sha256(title.encode() + shown).hexdigest()[:12]


def protect(table, **columns: Any):
    """The table as this user may see it (chatr.disclosure): small cells withheld for anyone
    who may not see personal data (the board), unchanged for leads and admins."""
    return disclosure.cells(table, not sees_small_numbers(), **columns)


def sees_small_numbers() -> bool:
    """Whether this user sees counts under the suppression threshold."""
    user = current_user()
    return user is not None and auth.can(user.role, "see_personal_data")


def suppression_notice() -> None:
    """Tell a lead or admin that the board sees fewer numbers than they do."""
    if sees_small_numbers():
        st.caption(
            f"Counts under {suppression.MIN_CELL} are shown to you; board members (viewers) "
            f'see "{suppression.SMALL}" instead.'
        )


def protect_counts(*counts: int) -> list[str]:
    """Headline counts as this user may see them (a set of tiles is one breakdown)."""
    table = pd.DataFrame({"n": list(counts)})
    shown = protect(table, count_column="n", value_columns=())
    marks = shown["suppressed"] if "suppressed" in shown else [""] * len(shown)
    return [mark or f"{n:.0f}" for n, mark in zip(shown["n"], marks, strict=True)]


def presentation_style(full_screen: bool) -> None:
    """Presentation mode: the takeaway in large type; full screen, no sidebar."""
    hide = (
        'section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"], '
        'button[data-testid="stExpandSidebarButton"] { display: none; }'
    )
    # The PageUp / PageDown buttons: their shortcuts work, they take no room and no tab stop.
    keys_only = ".st-key-present_pageup, .st-key-present_pagedown { display: none; }"
    st.markdown(
        f"""<style>
        {keys_only}
        {hide if full_screen else ""}
        [data-testid="stMarkdownContainer"] p.present-section {{
            font-size: 1.1rem !important; color: #5f6b7a; margin: 0; }}
        [data-testid="stMarkdownContainer"] p.present-takeaway {{
            font-size: 2rem !important; font-weight: 600; line-height: 1.25; }}
        </style>""",
        unsafe_allow_html=True,
    )


def render_report(deck: Deck, fmt: str, bar: Any) -> bytes:
    """The deck as a .pptx or .pdf file, advancing a st.progress bar chart by chart."""
    from chatr.board import report  # noqa: PLC0415 - fpdf2 and python-pptx cost a second to import

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Drawn {done} of {total} charts")

    out = io.BytesIO()
    report.render(deck, fmt, out, progress)
    return out.getvalue()


FLASH_KEY = "chatr_flash"


def flash(message: str) -> None:
    """Rerun the page (so it redraws with the change) and show `message` at its top."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def show_flash() -> None:
    """The message a change left with `flash`, once."""
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))


def refusal(problems: Iterable[Any]) -> None:
    """'Nothing was changed', with each problem's field and what is wrong with it."""
    listed = "\n".join(f"- **{p.field}**: {p.message}" for p in problems)
    st.error(f"Nothing was changed:\n{listed}")
