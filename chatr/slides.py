"""Board slides: the charts of presentation mode, the deck and the PDF report, each with a
one-line takeaway written from the numbers, its n, the filters in force and its data source.
Figures and text only, never Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go


@dataclass(frozen=True)
class Slide:
    """One chart for the board."""

    title: str  # e.g. "Pilot cohort Early Years 1: self-rating before and after"
    figure: go.Figure
    takeaway: str  # one sentence written from the numbers
    n_text: str  # e.g. "n = 11 matched participants"
    filters: str  # e.g. "Life stage: all · Organisation: all"
    source: str  # e.g. "Pilot surveys (Google Forms), uploaded 12 Mar 2026"


@dataclass(frozen=True)
class Deck:
    """A title page and its slides."""

    title: str  # "ChATR programme: board report"
    made_on: date
    filters: str
    audience: str  # e.g. "Board version: counts under 5 are not shown"
    slides: tuple[Slide, ...]
