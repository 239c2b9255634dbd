"""The human measure: in headless Chromium, from changing a sidebar filter to every chart on the
System baseline page redrawn for it. The app runs as `streamlit run app.py`, as in production.
"""

from __future__ import annotations

import json
import math
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
# Started just before a change: stamps the wall-clock time (ms) of the first animation frame at
# which the page is redrawn for `expected`, so tabs changing at once are each timed to their own
# redraw, not to when the benchmark got round to looking at them.
_STAMP_JS = """([expected, n]) => {
  window.chatrRedrawnAt = null;
  const redrawn = REDRAWN;
  const poll = () => {
    if (redrawn([expected, n])) window.chatrRedrawnAt = Date.now();
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}""".replace("REDRAWN", _REDRAWN_JS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_app(
    home: Path, log: Path, script: str = "app.py", env: dict | None = None
) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, CHATR_HOME=str(home), **(env or {}))
    command = [
        *(sys.executable, "-m", "streamlit", "run", script, "--server.headless=true"),
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


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(20)


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
    _open_baseline(page, url)


def _open_baseline(page, url: str) -> None:
    """The System baseline page, drawn for no filter, in a signed-in tab."""
    page.goto(url + "baseline")
    page.wait_for_function(_REDRAWN_JS, arg=[Filters().describe(), N_CHARTS])
    _settle(page)


def _signed_in_state(chromium, url: str, username: str, password: str) -> dict:
    """The cookies of a browser signed in through the login form (its login cookie)."""
    with _tab(chromium) as tab:
        _sign_in_and_open_baseline(tab, url, username, password)
        return tab.context.storage_state()


def _states() -> list[Filters]:
    """The filter states the benchmark reaches: none, then one life stage more each change."""
    return [Filters.of(STAGES_ADDED[:k]) for k in range(len(STAGES_ADDED) + 1)]


def save_floor_figures(home: Path, path: Path) -> Path:
    """The page's tiles, findings and figures for every state reached, as the floor reads them."""
    from chatr import baseline, db
    from chatr.board import slides

    con = db.connect(home / "chatr.duckdb")
    try:
        states = {}
        for filters in _states():
            answered = baseline.answered(con, filters)
            found = slides.baseline_slides(con, filters, board=False)
            shown = [getattr(found, name) for name in slides.BaselineSlides.__dataclass_fields__]
            tiles = [
                ("Respondents", answered.respondents),
                ("Answered: life stages", answered.life_stages),
                ("Answered: organisation", answered.organisation),
                ("Answered: 0-10 use", answered.practice_use_score),
                ("Answered: interest", answered.interest),
            ]
            states[filters.describe()] = {
                "tiles": tiles,
                "findings": [slide.takeaway for slide in shown],
                "figures": [slide.figure.to_json() for slide in shown],
            }
    finally:
        con.close()
    path.write_text(json.dumps(states), encoding="utf-8")
    return path


def _choose(page, stage: str) -> None:
    """Open the sidebar's life-stage list and wait for the stage's option (not yet chosen)."""
    # The text box, not the box's middle: that may be a chosen stage's chip.
    page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(
        has_text="Life stages"
    ).locator("input").click()
    page.get_by_role("option", name=stage, exact=True).wait_for(timeout=30_000)


def _redraws(page) -> list[float]:
    """Seconds from choosing each next life stage to every chart redrawn for it."""
    seconds = []
    for filters in _states()[1:]:
        stage = filters.life_stages[-1]
        _choose(page, stage)
        start = _change(page, filters)
        seconds.append(_redrawn_after(page, filters, start))
        page.keyboard.press("Escape")
        _settle(page)
    return seconds


def _change(page, filters: Filters) -> float:
    """Start the redraw stamp, then pick the stage (its option is open); the wall-clock start."""
    page.evaluate(_STAMP_JS, [filters.describe(), N_CHARTS])
    start = time.time()
    page.get_by_role("option", name=filters.life_stages[-1], exact=True).click()
    return start


def _redrawn_after(page, filters: Filters, start: float) -> float:
    """Seconds from `start` to the page's own stamp of its redraw (waiting for it if need be)."""
    page.wait_for_function("() => window.chatrRedrawnAt !== null", polling=100)
    return page.evaluate("window.chatrRedrawnAt") / 1000 - start


def _open_floor(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(_REDRAWN_JS, arg=[Filters().describe(), N_CHARTS])
    _settle(page)


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def filter_redraw(
    home: Path,
    username: str,
    password: str,
    log: Path,
    rounds: int = 2,
    sessions: int = 10,
    board_sessions: int = 30,
    chromium=None,
) -> dict:
    """The System baseline page against Streamlit's floor (bench/floor_app.py), in Chromium:
    seconds from choosing a life stage to all charts redrawn, five changes per session, page
    and floor sessions alternating for `rounds`; then `sessions` tabs of each changing at
    once; then a board meeting: `board_sessions` tabs of the page changing at once. Also the
    app server's peak memory, and its first page after sign-in cold and warm. `chromium`: a
    browser already launched (the e2e tests'), else one is launched here."""
    figures = save_floor_figures(home, log.with_suffix(".floor.json"))
    server, url = _start_app(home, log)
    floor, floor_url = _start_app(
        home, log.with_suffix(".floor.log"), "bench/floor_app.py", {"FLOOR_FIGURES": str(figures)}
    )
    try:
        if chromium is not None:
            result = _measure(
                chromium, url, floor_url, username, password, rounds, sessions, board_sessions
            )
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                result = _measure(
                    browser, url, floor_url, username, password, rounds, sessions, board_sessions
                )
                browser.close()
        return result | {"server_peak_rss_bytes": _peak_rss_bytes(server.pid)}
    finally:
        _stop(server)
        _stop(floor)


def _measure(
    chromium, url, floor_url, username, password, rounds, sessions, board_sessions
) -> dict:
    def open_page(tab) -> None:
        _sign_in_and_open_baseline(tab, url, username, password)

    def open_signed_in(tab) -> None:  # a tab of a browser that signed in before (its cookie)
        _open_baseline(tab, url)

    def open_floor(tab) -> None:
        _open_floor(tab, floor_url)

    first_page = _first_page_after_sign_in(chromium, url, username, password)
    page_seconds, floor_seconds = [], []
    for _ in range(rounds):
        with _tab(chromium) as tab:
            open_page(tab)
            page_seconds += _redraws(tab)
        with _tab(chromium) as tab:
            open_floor(tab)
            floor_seconds += _redraws(tab)
    # Many tabs open signed in by the login cookie (as a returning user), not through the form
    # one after another, which would take minutes on its own.
    signed_in = _signed_in_state(chromium, url, username, password)
    many_page = _at_once(chromium, sessions, open_signed_in, signed_in)
    many_floor = _at_once(chromium, sessions, open_floor)
    meeting = _at_once(chromium, board_sessions, open_signed_in, signed_in)
    return {
        "median_seconds": statistics.median(page_seconds),
        "seconds": page_seconds,
        "floor_median_seconds": statistics.median(floor_seconds),
        "floor_seconds": floor_seconds,
        "concurrent": {"sessions": sessions, "page": many_page, "floor": many_floor},
        "board_meeting": meeting | {"sessions": board_sessions},
        "first_page": first_page,
    }


class _tab:
    """A fresh browser context and page (its own cookies: a new Streamlit session)."""

    def __init__(self, chromium) -> None:
        self.context = chromium.new_context(viewport=VIEWPORT)
        self.context.set_default_timeout(TIMEOUT_MS)

    def __enter__(self):
        return self.context.new_page()

    def __exit__(self, *exc) -> None:
        self.context.close()


def _first_page_after_sign_in(chromium, url: str, username: str, password: str) -> dict:
    """Seconds from pressing Log in to the Overview drawn: the first user of a cold server,
    then a second sign-in once the server is warm."""
    seconds = []
    for _ in range(2):
        with _tab(chromium) as tab:
            tab.goto(url)
            tab.get_by_role("textbox", name="Username").wait_for()
            _settle(tab)
            tab.get_by_role("textbox", name="Username").fill(username)
            tab.get_by_role("textbox", name="Password").fill(password)
            start = time.perf_counter()
            tab.get_by_role("button", name="Log in").click()
            tab.locator(f"{LIVE} .js-plotly-plot .point path").first.wait_for()
            seconds.append(time.perf_counter() - start)
    return {"cold_seconds": seconds[0], "warm_seconds": seconds[1]}


def _at_once(chromium, sessions: int, open_page, storage_state: dict | None = None) -> dict:
    """`sessions` tabs, each opened by open_page (with `storage_state`'s cookies: signed in),
    all choosing the next life stage at once; the seconds of every redraw, their p95 and the
    errors (a redraw that never came)."""
    contexts, pages = [], []
    try:
        for _ in range(sessions):
            context = chromium.new_context(viewport=VIEWPORT, storage_state=storage_state)
            context.set_default_timeout(TIMEOUT_MS)
            contexts.append(context)
            page = context.new_page()
            open_page(page)
            pages.append(page)
        seconds, errors = [], 0
        for filters in _states()[1:3]:  # two rounds of changes, all tabs at once
            for page in pages:
                _choose(page, filters.life_stages[-1])
            started = [_change(page, filters) for page in pages]
            for page, start in zip(pages, started, strict=True):
                try:
                    seconds.append(_redrawn_after(page, filters, start))
                except Exception:  # noqa: BLE001 - counted: the benchmark reports errors
                    errors += 1
            for page in pages:
                page.keyboard.press("Escape")
                _settle(page)
        return {"p95_seconds": _p95(seconds), "seconds": seconds, "errors": errors}
    finally:
        for context in contexts:
            context.close()
