"""In Chromium: a board member presents full screen (no sidebar), walks through the slides with
the buttons and the arrow keys, and leaves with Esc; a lead makes the PDF report (the board
version by default) and downloads it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.test_login_and_baseline import LIVE, charts, log_in, settle, wait_until_signed_in
from tests.e2e.test_upload_and_pilot_e2e import open_menu

if TYPE_CHECKING:
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e


def position(page: Page):
    return page.locator(LIVE).get_by_text(re.compile(r"^Slide \d+ of \d+$"))


def open_presentation(page: Page, app: App, role: str) -> int:
    log_in(page, app, app.users[role])
    wait_until_signed_in(page)
    open_menu(page, "Presentation mode")
    expect(position(page)).to_be_visible()
    return int(position(page).inner_text().split(" of ")[1])


def test_a_board_member_walks_through_the_slides(page: Page, app: App) -> None:
    total = open_presentation(page, app, "viewer")
    assert total > 5
    page.get_by_role("button", name="Present full screen").click()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(charts(page)).to_have_count(1)
    expect(charts(page)).to_contain_text("The programme at a glance")
    expect(page.get_by_text("Board version: counts under 5 are not shown")).to_be_visible()
    expect(page.get_by_role("button", name="Previous")).to_be_disabled()

    page.keyboard.press("ArrowRight")
    expect(position(page)).to_have_text(f"Slide 2 of {total}")
    settle(page)
    expect(charts(page)).to_contain_text("Which life stages")
    page.get_by_role("button", name="Next").click()
    expect(position(page)).to_have_text(f"Slide 3 of {total}")
    settle(page)
    page.keyboard.press("ArrowLeft")
    expect(position(page)).to_have_text(f"Slide 2 of {total}")
    settle(page)
    page.get_by_role("button", name="Previous").click()
    expect(position(page)).to_have_text(f"Slide 1 of {total}")
    expect(page.locator(LIVE).get_by_text("Life stages: all life stages").first).to_be_visible()
    settle(page)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page.get_by_role("button", name="Present full screen")).to_be_visible()


def test_a_lead_downloads_the_pdf_report(page: Page, app: App, tmp_path) -> None:
    total = open_presentation(page, app, "lead")
    page.get_by_role("button", name="Download the deck or report").click()
    page.get_by_role("button", name="Make the PDF report").click()
    download_button = page.get_by_role("button", name="Download the PDF report")
    expect(download_button).to_be_visible(timeout=90_000)
    with page.expect_download() as started:
        download_button.click()
    path = tmp_path / "report.pdf"
    started.value.save_as(path)
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1 + total
    assert "Board version: counts under 5 are not shown" in reader.pages[0].extract_text()
