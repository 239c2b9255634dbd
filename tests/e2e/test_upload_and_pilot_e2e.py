"""In Chromium: a lead chooses a cohort on Pilot results and sees its evaluation; an admin
uploads the Microsoft Forms workbook, loads it, sees the figures and the history, and undoes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT, demo_respondents
from tests.e2e.test_login_and_baseline import (
    LIVE,
    charts,
    log_in,
    metric_value,
    open_baseline,
    settle,
    wait_until_signed_in,
)

if TYPE_CHECKING:
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e
WORKBOOK = ROOT / "tests" / "fixtures" / "microsoft_forms" / "System baseline survey(1-101).xlsx"


def open_menu(page: Page, title: str) -> None:
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading").first).to_be_visible()
    settle(page)


def test_a_lead_chooses_a_cohort_and_sees_its_charts(page: Page, app: App) -> None:
    log_in(page, app, app.users["lead"])
    wait_until_signed_in(page)
    open_menu(page, "Pilot results")
    cohort = page.get_by_test_id("stSelectbox").filter(has_text="Cohort")
    cohort.click()
    page.get_by_role("option", name="Perinatal #1").click()
    settle(page)
    expect(page.get_by_role("heading", name="Perinatal #1")).to_be_visible()
    expect(metric_value(page, "Matched pairs")).to_have_text("11")
    expect(metric_value(page, "Median after (range 6–10)")).to_have_text("8")
    expect(charts(page)).to_have_count(4)  # with the demo's follow-up months later
    expect(page.locator(f"{LIVE} .js-plotly-plot").first).to_contain_text("P01")
    expect(page.get_by_text("82% agree").first).to_be_visible()  # the chart, then its table


def test_an_admin_uploads_the_forms_workbook_and_sees_the_figures(page: Page, app: App) -> None:
    log_in(page, app, app.users["admin"])
    wait_until_signed_in(page)
    open_menu(page, "Upload data")
    page.locator('input[type="file"]').set_input_files(str(WORKBOOK))
    settle(page)
    expect(page.get_by_role("heading", name="Validation report")).to_be_visible()
    expect(metric_value(page, "Rows in file")).to_have_text("101")
    expect(metric_value(page, "Rows to load")).to_have_text("100")
    page.get_by_role("button", name="Load 100 rows").click()
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(
        success.get_by_text("Loaded 100 rows from System baseline survey(1-101).xlsx")
    ).to_be_visible()
    settle(page)
    # The history grid is drawn on a canvas; its accessible copy holds the cell.
    expect(page.locator("td", has_text="microsoft_forms").first).to_be_attached()
    open_baseline(page)
    expect(metric_value(page, "Respondents")).to_have_text("100")
    expect(metric_value(page, "Answered: 0-10 use")).to_have_text("98")
    # Put the shared instance back as it was: undo the batch (admin only).
    open_menu(page, "Upload data")
    page.get_by_text("Undo a batch (admin)").click()
    sure = "I understand its rows stop counting everywhere"
    box = page.get_by_role("checkbox", name=sure)
    expect(box).to_be_attached()
    for _ in range(3):  # a click while the expander still opens can be lost: click again
        page.get_by_text(sure).click()
        try:
            expect(box).to_be_checked(timeout=5_000)
            break
        except AssertionError:
            continue
    expect(box).to_be_checked()
    page.get_by_role("button", name="Undo this batch").click()
    expect(success.get_by_text("undone")).to_be_visible()


def test_a_lead_downloads_the_interest_list(page: Page, app: App) -> None:
    log_in(page, app, app.users["lead"])
    wait_until_signed_in(page)
    open_menu(page, "Interest lists")
    # The list is of the latest survey wave's respondents (the demo has two waves).
    interested = [r for r in demo_respondents(wave=2) if r.interest in ("Yes", "Maybe")]
    with page.expect_download() as download:
        page.get_by_role("button", name=f"Download CSV ({len(interested)} people)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = [line for line in text.splitlines() if line]
    assert len(rows) == 1 + len(interested) and "@" in rows[1]
