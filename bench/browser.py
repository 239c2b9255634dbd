"""The human measure: in headless Chromium, from changing a sidebar filter to every chart on the
System baseline page redrawn for it. The app runs as `streamlit run app.py`, as in production.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from chatr.filters import Filters
from chatr.paths import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    *("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"),
    *("--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"),
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 300_000  # a cold filter at 1M on a busy machine may take a while
N_CHARTS = 6  # the System baseline page draws six figures
# Each change adds a life stage, so every change is a new filter state (no cached answer).
STAGES_ADDED = ("Perinatal", "0-5", "5-11", "11-19", "19-25")
LIVE = '[data-testid="stElementContainer"][data-stale="false"]'
# True once the run is over and every live chart's subtitle names the filters in force and its
# bars are drawn: Plotly has redrawn it for the new filter.
_REDRAWN_JS = """([expected, n]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const charts = document.querySelectorAll('LIVE .js-plotly-plot');
  if (charts.length < n) return false;
  return [...charts].every((c) => {
    const sub = c.querySelector('.gtitle-subtitle');
    return sub && sub.textContent.includes(expected) && c.querySelector('.point path');
  });
}""".replace("LIVE", LIVE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_app(home: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, CHATR_HOME=str(home))
    command = [
        *(sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true"),
        *(f"--server.port={port}", "--server.address=127.0.0.1"),
        "--browser.gatherUsageStats=false",
    ]
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.25)
    server.kill()
    raise RuntimeError(f"the app did not start; see {log}")


def _peak_rss_bytes(pid: int) -> int:
    """A running process's peak resident memory (VmHWM), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _settle(page, quiet_ms: int = 500) -> None:
    """Wait until the app has stopped rerunning for quiet_ms (as tests/e2e does)."""
    app = page.get_by_test_id("stApp")
    quiet_since = None
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if app.get_attribute("data-test-script-state") == "notRunning":
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= quiet_ms / 1000:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(50)
    raise RuntimeError("the app kept rerunning")


def _sign_in_and_open_baseline(page, url: str, username: str, password: str) -> None:
    page.goto(url)
    user_box = page.get_by_role("textbox", name="Username")
    user_box.wait_for()
    _settle(page)
    user_box.fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_test_id("stSidebar").get_by_text("Signed in as").wait_for()
    _settle(page)
    page.goto(url + "baseline")
    page.wait_for_function(_REDRAWN_JS, arg=[Filters().describe(), N_CHARTS])
    _settle(page)


def filter_redraw(home: Path, username: str, password: str, log: Path) -> dict:
    """Seconds from choosing a life stage to all charts redrawn, five times; and server memory."""
    from playwright.sync_api import sync_playwright

    server, url = _start_app(home, log)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = chromium.new_context(viewport=VIEWPORT)
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            _sign_in_and_open_baseline(page, url, username, password)
            seconds = []
            chosen: list[str] = []
            for stage in STAGES_ADDED:
                chosen.append(stage)
                expected = Filters.of(chosen).describe()
                # The text box, not the box's middle: that may be a chosen stage's chip.
                page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(
                    has_text="Life stages"
                ).locator("input").click()
                option = page.get_by_role("option", name=stage, exact=True)
                option.wait_for(timeout=30_000)
                start = time.perf_counter()
                option.click()
                page.wait_for_function(_REDRAWN_JS, arg=[expected, N_CHARTS], polling="raf")
                seconds.append(time.perf_counter() - start)
                page.keyboard.press("Escape")
                _settle(page)
            context.close()
            chromium.close()
        return {
            "median_seconds": statistics.median(seconds),
            "seconds": seconds,
            "server_peak_rss_bytes": _peak_rss_bytes(server.pid),
        }
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(20)
