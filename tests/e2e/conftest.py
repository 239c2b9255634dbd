"""The browser suite: one real app server on a fresh demo instance, headless Chromium against it.

The server starts once per session (Streamlit takes seconds to boot); each test gets its own
browser context, so cookies and session state never leak from one test into the next.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
# Playwright's own browser download does not work here: Debian's chromium, kept off the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "E2e-Test-Password-1!"
ROLES = ("viewer", "lead", "admin")
BOOT_SECONDS = 60
# A laptop-sized window: every element is still laid out (Streamlit scrolls in its own pane),
# and a small window is quicker for software rendering than a page-tall one.
VIEWPORT = {"width": 1280, "height": 900}
# Streamlit reruns asynchronously: every wait and expect() allows this long to catch up.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


@dataclass(frozen=True)
class App:
    """The running app: where it answers, and a user name per role (all share PASSWORD)."""

    url: str
    users: dict[str, str]
    home: Path
    password: str = PASSWORD


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `e2e`, so `-m 'not e2e'` skips the browser."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _chatr(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chatr", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, f"chatr {' '.join(args)} failed:\n{result.stderr}"


def _wait_until_healthy(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(
        f"the app did not answer at {url} within {BOOT_SECONDS} s "
        f"(exit code {server.poll()}); its stderr:\n{log.read_text(errors='replace')}"
    )


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app served from the repository on a fresh demo instance, one user per role."""
    home = tmp_path_factory.mktemp("chatr_home")
    env = dict(os.environ, CHATR_HOME=str(home))
    _chatr(env, "init", "--demo")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = home.parent / "streamlit.stderr"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "streamlit", "run", "app.py"),
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    # Users live in a YAML file the app reads on every run, so they can be added while the
    # server boots (one at a time: each `users add` rewrites the whole file).
    users = {role: f"e2e_{role}" for role in ROLES}
    try:
        for role, username in users.items():
            _chatr(
                env,
                *("users", "add", username, "--role", role, "--name", f"E2E {role.title()}"),
                *("--email", f"{username}@example.org", "--password-stdin"),
                stdin=PASSWORD + "\n",
            )
        _wait_until_healthy(server, url, log)
        yield App(url, users, home)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, shared by the session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: no cookies from earlier tests."""
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    """Keep each phase's report on the test, so `page` can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """A tab in this test's own browser context; on failure, a screenshot and the page's text."""
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        try:
            tab.screenshot(path=tmp_path / "failure.png", full_page=True, timeout=10_000)
            text = tab.inner_text("body", timeout=10_000)
            (tmp_path / "failure.txt").write_text(f"{tab.url}\n\n{text}", encoding="utf-8")
            print(f"\nfailure screenshot and page text in {tmp_path}; page starts:\n{text[:800]}")
        except PlaywrightError as error:  # a dead page must not hide the test's own failure
            print(f"\nno failure screenshot: {error}")
