"""A lead opens the Rollout timeline in Chromium, moves a cohort's dates in the page and sees the
Gantt chart change; then moves it back, so the shared demo instance is as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_login_and_baseline import LIVE, log_in, metric_value, open_page, settle

if TYPE_CHECKING:  # the fixture's type only
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e

COHORT = "19-25 #2"  # demo: 1-22 Dec 2021, done
DEMO_DATES = ("2021/12/01", "2021/12/22")
NEW_DATES = ("2030/03/04", "2030/03/29")
GANTT_TITLE = "Rollout plan: cohorts per life stage"


def log_in_as_lead(page: Page, app: App) -> None:
    log_in(page, app, app.users["lead"])
    expect(page.get_by_test_id("stSidebar")).to_contain_text("(lead)")


def cohort_bar(page: Page, label: str) -> dict:
    """The Gantt's bar for the cohort, as Plotly holds it: its trace (status) and hover text."""
    gantt = page.locator(f"{LIVE} .js-plotly-plot").filter(has_text=GANTT_TITLE)
    expect(gantt.locator(".bars path").first).to_be_attached()  # drawn
    return gantt.evaluate(
        """(chart, label) => {
            for (const trace of chart.data) {
                const hovers = (trace.customdata || []).map(c => Array.isArray(c) ? c[0] : c);
                const i = hovers.findIndex(h => typeof h === 'string' && h.includes(label));
                if (i >= 0) {
                    const x_range = chart.layout.xaxis.range;
                    return {status: trace.name, hover: hovers[i], x_range};
                }
            }
            return null;
        }""",
        label,
    )


def set_date(page: Page, label: str, value: str) -> None:
    """Type a date into the field as a person does: year, month, day segments, then Tab away;
    and, as a person would, type it again if the field does not show it (keys typed while the
    app redraws the field can go nowhere)."""
    wanted = [str(int(part)) for part in value.split("/")]
    segments = [
        page.get_by_role("spinbutton", name=f"{s}, {label}") for s in ("year", "month", "day")
    ]
    for _ in range(3):
        segments[0].click()
        page.keyboard.type(value.replace("/", ""))  # each full segment moves on to the next
        page.keyboard.press("Tab")
        settle(page)
        if [segment.get_attribute("aria-valuenow") for segment in segments] == wanted:
            return
        print(f"{label} did not take {value}: typing it again")
    raise AssertionError(f"{label} does not show {value}")


def move(page: Page, start: str, end: str) -> None:
    page.get_by_role("tab", name="Move a cohort").click()
    page.get_by_test_id("stSelectbox").filter(has_text="Cohort to move").click()
    page.get_by_role("option", name=COHORT, exact=True).click()
    settle(page)
    # End first when moving later, start first when moving earlier: each step stays valid to
    # the eye, though only the saved pair is checked.
    set_date(page, "New end date", end)
    set_date(page, "New start date", start)
    page.get_by_role("button", name="Save the new dates").click()
    settle(page)


def test_a_lead_moves_a_cohort_and_the_gantt_changes(page: Page, app: App) -> None:
    log_in_as_lead(page, app)
    open_page(page, "Rollout timeline")
    expect(metric_value(page, "Cohorts planned")).to_have_text("0")
    settle(page)
    before = cohort_bar(page, COHORT)
    assert before["status"] == "done" and "01 Dec 2021 – 22 Dec 2021" in before["hover"]

    move(page, *NEW_DATES)
    expect(page.get_by_text(f"Moved {COHORT} to 04 Mar 2030 – 29 Mar 2030.")).to_be_visible()
    expect(metric_value(page, "Cohorts planned")).to_have_text("1")
    expect(metric_value(page, "Next cohort starts")).to_have_text("04 Mar 2030")
    after = cohort_bar(page, COHORT)
    assert after["status"] == "planned" and "04 Mar 2030 – 29 Mar 2030" in after["hover"]
    assert after["x_range"][1] > before["x_range"][1]  # the chart now reaches 2030
    # Drawn, not just in the data: the planned cohort's bar is in the SVG.
    expect(page.locator(".js-plotly-plot .legendtext", has_text="planned")).to_be_visible()

    move(page, *DEMO_DATES)
    expect(metric_value(page, "Cohorts planned")).to_have_text("0")
    assert cohort_bar(page, COHORT)["status"] == "done"
