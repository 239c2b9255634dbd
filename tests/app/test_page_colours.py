"""The page CSS of chatr.ui (focus rings, disabled controls, presentation mode) against the
theme's backgrounds, with the WCAG formula of tests/unit/test_accessibility_colours.py."""

from __future__ import annotations

import re
import tomllib

import pytest

from chatr.ui import a11y, widgets
from tests.conftest import ROOT
from tests.unit.test_accessibility_colours import GRAPHICS, TEXT, WHITE, contrast


@pytest.fixture(scope="module")
def theme() -> dict[str, str]:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as handle:
        return tomllib.load(handle)["theme"]


def test_the_css_knows_the_themes_backgrounds(theme: dict[str, str]) -> None:
    assert {theme["backgroundColor"], theme["secondaryBackgroundColor"]} == set(a11y.BACKGROUNDS)


def test_focus_rings_stand_out_on_the_page_the_sidebar_and_a_primary_button(
    theme: dict[str, str],
) -> None:
    for background in (*a11y.BACKGROUNDS, theme["primaryColor"]):
        assert contrast(a11y.FOCUS_COLOUR, background) >= GRAPHICS, background
    assert f"outline: 3px solid {a11y.FOCUS_COLOUR}" in a11y.CSS


def test_disabled_controls_are_readable() -> None:
    for background in a11y.BACKGROUNDS:
        assert contrast(a11y.DISABLED_TEXT_COLOUR, background) >= TEXT
    assert f"color: {a11y.DISABLED_TEXT_COLOUR}" in a11y.CSS


@pytest.mark.parametrize("full_screen", [False, True])
def test_presentation_mode_words_are_readable(
    monkeypatch: pytest.MonkeyPatch, full_screen: bool
) -> None:
    drawn: list[str] = []
    monkeypatch.setattr(widgets.st, "markdown", lambda body, **_: drawn.append(body))
    widgets.presentation_style(full_screen)
    colours = re.findall(r"color:\s*(#[0-9a-fA-F]{6})", "".join(drawn))
    assert colours, "presentation mode sets a colour"
    for colour in colours:
        assert contrast(colour, WHITE) >= TEXT
