"""The measurements of one size: ingest, pages in AppTest, concurrent sessions, chart bytes.

Everything runs in this process (the app's own code, not a server), except the browser
measure in bench/browser.py. Ratios are taken between runs of the same process on the same
machine, so a busy machine slows both sides alike.
"""
# ruff: noqa: TID251  (the benchmark drives the app through Streamlit's AppTest, like tests/app)

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import python_calamine
from streamlit.testing.v1 import AppTest

from chatr import auth, db, load, upload
from chatr.paths import DEMO_DIR, ROOT
from chatr.ui import cache

APP = str(ROOT / "app.py")
USERNAME, PASSWORD = "bench_admin", "Bench-Password-1!"
# Every page an admin sees, by title; the Upload page is measured too (it lists history).
PAGES = {
    "Overview": "pages/overview.py",
    "Pilot results": "pages/pilot_results.py",
    "System baseline": "pages/system_baseline.py",
    "Rollout timeline": "pages/rollout_timeline.py",
    "Presentation mode": "pages/presentation.py",
    "Interest lists": "pages/interest_lists.py",
    "Upload data": "pages/upload_data.py",
}
BASELINE_PAGE = PAGES["System baseline"]
FILTER_KEY = "filter_life_stages"
# The filter states sessions switch between (life stages chosen in the sidebar).
FILTER_STATES = (["Perinatal"], ["0-5"], ["5-11", "11-19"], ["19-25"], [], ["0-5", "5-11"])
# Pilot data for several cohorts: the demo's pilot file loaded into each (constant per size).
PILOT_COHORTS = ("Perinatal #1", "0-5 #1", "5-11 #1", "11-19 #1")
TIMEOUT = 600  # seconds an AppTest run may take (a cold page at 1M on a busy machine)


def timed(function: Callable[[], object]) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def use_instance(home: Path) -> None:
    """Point chatr (and the app in AppTest) at a fresh, empty instance folder."""
    _empty_folder(home)
    os.environ["CHATR_HOME"] = str(home)


def _empty_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        stale.unlink()


# --- ingest ------------------------------------------------------------------------------------


def ingest(con: duckdb.DuckDBPyConnection, path: Path) -> dict:
    """Seconds of chatr's upload path (as `chatr load --kind baseline`, in this process: the
    file read where it lies)."""
    seconds, outcome = timed(
        lambda: upload.load_file(con, path, path.name, "baseline", cohort=None, uploaded_by="bench")
    )
    if outcome.status != "loaded":
        raise RuntimeError(f"{path.name} was not loaded: {outcome.message} {outcome.problems}")
    return {"seconds": seconds, "rows_loaded": outcome.parsed.n_rows_staged}


def bare_read_csv(path: Path, work: Path) -> float:
    """Seconds of DuckDB's own read_csv of the file into a table of a fresh database file."""
    target = work / "read_csv.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        seconds, _ = timed(
            lambda: con.execute("create table raw as select * from read_csv($p)", {"p": str(path)})
        )
    finally:
        con.close()
        target.unlink(missing_ok=True)
    return seconds


# The baseline of the whole-process comparison: DuckDB's bare read_csv into a fresh database
# file, as one line of Python (argv: database file, CSV file).
READ_CSV_SCRIPT = (
    "import duckdb, sys; duckdb.connect(sys.argv[1])"
    ".execute('create table raw as select * from read_csv(?)', [sys.argv[2]])"
)


# A small parent for each measured child: Linux starts a child's peak RSS at its parent's (the
# high-water mark survives fork and exec), so a child of this process, which holds the app and
# a loaded instance, would report at least this process's size. argv: the command to run.
_FRESH_PARENT = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_rss_bytes": usage.ru_maxrss * 1024}))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_child(command: list[str], env: dict[str, str] | None = None) -> dict:
    """Wall seconds and peak resident bytes of one child process (its own rusage from wait4,
    taken in a fresh parent of its own)."""
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_PARENT, *command],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"{command[:4]} exited {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def whole_process_ingest(path: Path, work: Path, repeats: int = 3) -> dict:
    """`chatr load FILE --kind baseline` on a fresh instance against the one-line read_csv
    script into a fresh database file, as whole processes run alternately; the median seconds
    and peak memory of each, and their ratios (chatr / read_csv)."""
    runs: dict[str, list[dict]] = {"chatr": [], "read_csv": []}
    home, target = work / "whole_process_instance", work / "whole_process_read_csv.duckdb"
    load_command = [sys.executable, "-m", "chatr", "load", str(path), "--kind", "baseline"]
    for _ in range(repeats):
        _empty_folder(home)  # this process's own CHATR_HOME stays as it is
        db.connect(home / "chatr.duckdb", create=True).close()  # as `chatr init` leaves it
        env = {**os.environ, "CHATR_HOME": str(home)}
        runs["chatr"].append(run_child(load_command, env))
        target.unlink(missing_ok=True)
        runs["read_csv"].append(
            run_child([sys.executable, "-c", READ_CSV_SCRIPT, str(target), str(path)])
        )
        target.unlink(missing_ok=True)
    out: dict = {"repeats": repeats}
    for name, measured in runs.items():
        for key in ("seconds", "peak_rss_bytes"):
            out[f"{name}_{key}"] = statistics.median(run[key] for run in measured)
    out["time_ratio"] = out["chatr_seconds"] / out["read_csv_seconds"]
    out["memory_ratio"] = out["chatr_peak_rss_bytes"] / out["read_csv_peak_rss_bytes"]
    return out


def plain_calamine(path: Path) -> float:
    """Seconds of python-calamine reading every cell of the workbook's sheet."""

    def read() -> int:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        return len(book.get_sheet_by_name(book.sheet_names[0]).to_python())

    return timed(read)[0]


def load_programme(con: duckdb.DuckDBPyConnection) -> None:
    """The plan, comms and pilot data of several cohorts, and a user to sign in as."""
    with db.transaction(con) as tx:
        load.load_canonical(tx, "cohorts", DEMO_DIR / "cohorts.csv", None, "bench")
        load.load_canonical(tx, "comms", DEMO_DIR / "comms.csv", None, "bench")
        for cohort in PILOT_COHORTS:
            load.load_canonical(tx, "pilot", DEMO_DIR / "pilot_perinatal_1.csv", cohort, "bench")
        feedback = DEMO_DIR / "feedback_perinatal_1.csv"
        load.load_canonical(tx, "feedback", feedback, PILOT_COHORTS[0], "bench")
    auth.add_user(USERNAME, "admin", "Bench Admin", "bench@example.org", PASSWORD)


# --- pages in AppTest --------------------------------------------------------------------------


def signed_in_app() -> AppTest:
    """A fresh session of the real app, signed in through its login form."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    fields = {field.label: field for field in app.text_input}
    fields["Username"].input(USERNAME)
    fields["Password"].input(PASSWORD)
    next(b for b in app.button if b.label == "Log in").click()
    app.run()
    if app.exception or not app.sidebar.button:
        raise RuntimeError(f"sign-in failed: {[e.message for e in app.exception]}")
    return app


def chart_bytes(app: AppTest) -> int:
    """Bytes of the Plotly figures the last run sent (each spec must be valid JSON)."""
    specs = [chart.proto.spec for chart in app.get("plotly_chart")]
    for spec in specs:
        json.loads(spec)
    return sum(len(spec.encode("utf-8")) for spec in specs)


def table_bytes(app: AppTest) -> int:
    """Bytes of the Arrow tables (st.dataframe) the last run sent."""
    return sum(len(frame.proto.arrow_data.data) for frame in app.get("dataframe"))


def page_times(repeats: int, pages: dict[str, str] = PAGES) -> dict[str, dict]:
    """Per page: median script run seconds with a cold and a warm cache, and bytes sent."""
    app = signed_in_app()
    for path in pages.values():  # imports and the connection, once, before any timing
        app.switch_page(path).run()
    results = {}
    for title, path in pages.items():
        cold, warm = [], []
        for _ in range(repeats):
            cache.clear_cached()
            cold.append(timed(lambda path=path: app.switch_page(path).run())[0])
        for _ in range(repeats):
            warm.append(timed(lambda path=path: app.switch_page(path).run())[0])
        if app.exception:
            raise RuntimeError(f"{title}: {[e.message for e in app.exception]}")
        results[title] = {
            "cold_seconds": statistics.median(cold),
            "warm_seconds": statistics.median(warm),
            "chart_bytes": chart_bytes(app),
            "table_bytes": table_bytes(app),
            "n_charts": len(app.get("plotly_chart")),
        }
    return results


# --- concurrent sessions -----------------------------------------------------------------------


def _session(app: AppTest, seed: int, switches: int, think: tuple[float, float], out: dict):
    """One user: change the life-stage filter, read the page a moment, change it again."""
    rng = random.Random(seed)
    for switch in range(switches):
        state = rng.choice(FILTER_STATES)
        try:
            seconds, _ = timed(lambda s=state: app.multiselect(key=FILTER_KEY).set_value(s).run())
            out["seconds"].append(seconds)
            out["first" if switch == 0 else "later"].append(seconds)
            out["errors"] += len(app.exception)
        except Exception as error:  # a failed run is an error to count, not a crash
            out["errors"] += 1
            where = traceback.extract_tb(error.__traceback__)[-3:]
            frames = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in where[::-1])
            out["messages"].append(f"{type(error).__name__}: {error} (at {frames})")
        time.sleep(rng.uniform(*think))


def sessions(n_sessions: int, switches: int, think: tuple[float, float]) -> dict:
    """Page seconds of n sessions switching filters at once, from a cold cache."""
    apps = [signed_in_app().switch_page(BASELINE_PAGE).run() for _ in range(n_sessions)]
    cache.clear_cached()
    out: dict = {"seconds": [], "first": [], "later": [], "errors": 0, "messages": []}
    threads = [
        threading.Thread(target=_session, args=(app, seed, switches, think, out))
        for seed, app in enumerate(apps)
    ]
    with _one_runtime():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    times = sorted(out["seconds"])
    return {
        "sessions": n_sessions,
        "runs": len(times),
        "p95_seconds": percentile(times, 95) if times else None,
        "median_seconds": statistics.median(times) if times else None,
        # Every session makes its first change at the same instant; the rest are spread out.
        "first_change_max_seconds": max(out["first"], default=None),
        "later_p95_seconds": percentile(out["later"], 95) if out["later"] else None,
        "errors": out["errors"],
        "error_messages": out["messages"][:5],
    }


@contextlib.contextmanager
def _one_runtime() -> Iterator[None]:
    """One runtime shared by every AppTest session, as a server has.

    AppTest installs a mock runtime for each run and removes it when the run ends, which under
    threads would pull it from under the other sessions' runs ("Runtime hasn't been created").
    Here AppTest sets its mock on a subclass instead, and the real slot keeps one shared mock.
    """
    from unittest import mock

    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.runtime import Runtime
    from streamlit.runtime.caching.storage.dummy_cache_storage import MemoryCacheStorageManager
    from streamlit.runtime.dataframe_source_manager import DataframeSourceManager
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test

    class PerRunRuntime(Runtime):
        """Where AppTest puts its per-run mock; never read by the app."""

    shared = mock.MagicMock(spec=Runtime)
    shared.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    shared.cache_storage_manager = MemoryCacheStorageManager()
    shared.dataframe_source_mgr = DataframeSourceManager()
    registry = BidiComponentManager()
    registry.discover_and_register_components(start_file_watching=False)
    shared.bidi_component_registry = registry
    with (
        mock.patch.object(app_test, "Runtime", PerRunRuntime),
        mock.patch.object(Runtime, "_instance", shared),
    ):
        yield


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile by linear interpolation (values need not be sorted)."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def peak_rss_bytes() -> int:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
