"""In Chromium, with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows, PageUp/PageDown,
Esc; no click): skip to the main content, sign in, change a filter, open a cohort on Pilot
results, open Presentation mode, move between slides (as a presenter's clicker does too) and
download the deck. Every element the keyboard reaches shows a focus ring and is on screen."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from tests.e2e.test_login_and_baseline import LIVE, settle, wait_until_signed_in

if TYPE_CHECKING:
    from pathlib import Path

    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e

MAX_PRESSES = 80  # Tab presses to reach a control before the test gives up
MIN_RING_PX = 2

# The focused element, and the focus ring drawn on it or on the box around it (select boxes
# and text inputs draw theirs on their box), not cut off by a container that clips.
FOCUSED = """(minRing) => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    // A ring counts when no box inside the page's panes that hides its overflow cuts it off
    // (the panes themselves scroll; the focused element is on screen, checked below).
    const pane = '[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stHeader"]';
    const unclipped = (n, reach) => {
        const r = n.getBoundingClientRect();
        for (let a = n.parentElement; a && !a.matches(pane); a = a.parentElement) {
            const s = getComputedStyle(a);
            const hides = [s.overflowX, s.overflowY].some((o) => o === 'hidden' || o === 'clip');
            if (!hides) continue;
            const box = a.getBoundingClientRect();
            if (r.left - reach < box.left - 1 || r.right + reach > box.right + 1
                || r.top - reach < box.top - 1 || r.bottom + reach > box.bottom + 1) return false;
        }
        return true;
    };
    let ring = null;
    for (let n = e, up = 0; n && n !== document.body && up < 6; n = n.parentElement, up++) {
        const s = getComputedStyle(n);
        const width = parseFloat(s.outlineWidth);
        const reach = Math.max(0, width + (parseFloat(s.outlineOffset) || 0));  // inset: 0
        if (s.outlineStyle !== 'none' && width >= minRing && unclipped(n, reach)) {
            ring = s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor;
            break;
        }
    }
    const r = e.getBoundingClientRect();
    // Its words without Material icon names ('fullscreen Present full screen').
    const copy = e.cloneNode(true);
    copy.querySelectorAll('[data-testid="stIconMaterial"]').forEach((icon) => icon.remove());
    const name = e.getAttribute('aria-label') || (copy.textContent || '').trim() || e.value || '';
    return {
        tag: e.tagName, testid: e.dataset ? (e.dataset.testid || '') : '',
        name: name.replace(/\\s+/g, ' ').slice(0, 80), ring,
        on_screen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
            && r.top < window.innerHeight && r.left < window.innerWidth,
    };
}"""


def focused(page: Page) -> dict[str, Any] | None:
    return page.evaluate(FOCUSED, MIN_RING_PX)


def assert_focus_visible(page: Page) -> dict[str, Any]:
    """The focused element has a ring of at least MIN_RING_PX and is within the window."""
    now = focused(page)
    assert now is not None, "focus was lost (it went back to the page's body)"
    assert now["ring"] and now["on_screen"], f"focus not visible: {now}"
    return now


def press_until(page: Page, wanted: str | re.Pattern[str], key: str = "Tab") -> dict[str, Any]:
    """Press `key` until the focused element's name is `wanted` (or starts with it and a space:
    a button's shortcut hint follows its words), checking the focus ring at every stop."""
    seen = []
    for _ in range(MAX_PRESSES):
        page.keyboard.press(key)
        now = assert_focus_visible(page)
        name = now["name"]
        seen.append(name)
        if isinstance(wanted, re.Pattern):
            if wanted.search(name):
                return now
        elif name == wanted or name.startswith(wanted + " "):
            return now
    pytest.fail(f"{wanted!r} not reached with {key} in {MAX_PRESSES} presses; passed: {seen}")


def position(page: Page):
    return page.locator(LIVE).get_by_text(re.compile(r"^Slide \d+ of \d+$"))


def test_skip_link_is_first_and_moves_focus_to_the_main_content(page: Page, app: App) -> None:
    page.goto(app.url)
    expect(page.get_by_role("textbox", name="Username")).to_be_visible()
    settle(page)
    page.keyboard.press("Tab")
    first = assert_focus_visible(page)
    assert first["name"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page)["testid"] == "stMain"
    # From the main content the next Tab is the sign-in form, not the page's top again.
    assert press_until(page, "Username")["tag"] == "INPUT"
    # The check can fail: without the app's focus ring (Streamlit's own is a faint shadow or
    # a border colour), the focused button shows none.
    page.evaluate(
        """() => document.querySelectorAll('style').forEach((style) => {
            if (style.textContent.includes('outline: 3px solid')) style.remove(); })"""
    )
    page.keyboard.press("Tab")
    with pytest.raises(AssertionError, match="focus not visible"):
        assert_focus_visible(page)


def test_a_lead_does_it_all_with_the_keyboard(page: Page, app: App, tmp_path: Path) -> None:
    page.goto(app.url)
    expect(page.get_by_role("textbox", name="Username")).to_be_visible()
    settle(page)

    # Sign in.
    press_until(page, "Username")
    page.keyboard.type(app.users["lead"])
    press_until(page, "Password")
    page.keyboard.type(app.password)
    press_until(page, "Log in")
    page.keyboard.press("Enter")
    wait_until_signed_in(page)
    settle(page)

    # A filter: back from the page to the sidebar's life stages box, type to find the stage,
    # Enter to choose, Esc to close. (Signing in removes the form, and focus with it: the next
    # key starts from where the form was, in the main content.)
    press_until(page, "Life stages", key="Shift+Tab")
    page.keyboard.type("Perinatal")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"[?&]life_stage=Perinatal(&|$)"))
    settle(page)

    # Pilot results: back up the sidebar to its link; a cohort from the list with the arrows.
    press_until(page, re.compile(r"Pilot results$"), key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Pilot results")).to_be_visible()
    settle(page)
    press_until(page, re.compile(r"^Cohort \(latest first\)"))
    page.keyboard.press("ArrowDown")  # opens the list
    expect(page.get_by_role("option", name="Perinatal #1")).to_be_visible()
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_role("heading", name="Perinatal #1")).to_be_visible()

    # Presentation mode: the sidebar link, then slides with the arrows and a clicker's keys.
    press_until(page, re.compile(r"Presentation mode$"), key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(position(page)).to_be_visible()
    settle(page)
    total = int(position(page).inner_text().split(" of ")[1])
    for key, expected in (("ArrowRight", 2), ("PageDown", 3), ("PageUp", 2), ("ArrowLeft", 1)):
        page.keyboard.press(key)
        expect(position(page)).to_have_text(f"Slide {expected} of {total}")
        settle(page)

    # Full screen with Space, a slide on, Esc back.
    press_until(page, "Present full screen")
    page.keyboard.press("Space")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    settle(page)
    page.keyboard.press("PageDown")
    expect(position(page)).to_have_text(f"Slide 2 of {total}")
    settle(page)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    settle(page)

    # The deck: open the downloads, make the PowerPoint deck, download it.
    press_until(page, "Download the deck or report")
    page.keyboard.press("Enter")
    press_until(page, "Make the PowerPoint deck")
    page.keyboard.press("Enter")
    download = page.get_by_role("button", name="Download the PowerPoint deck")
    expect(download).to_be_visible(timeout=120_000)
    settle(page)
    press_until(page, "Download the PowerPoint deck")
    with page.expect_download() as started:
        page.keyboard.press("Enter")
    path = tmp_path / "deck.pptx"
    started.value.save_as(path)

    deck = Presentation(str(path))
    assert len(deck.slides) == 1 + total
    pictures = [
        shape
        for slide in list(deck.slides)[1:]
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == total
    assert all(p._element.nvPicPr.cNvPr.get("descr", "").startswith("Chart: ") for p in pictures)
