"""The benchmark's Chromium measures at 1,000 rows, so `make bench` cannot rot: the System
baseline page and Streamlit's floor (bench/floor_app.py) redraw for each filter, sessions
change at once, and the first page after sign-in comes. Timings are never asserted here (the
benchmark's ratios judge those); that every measure ran and is well-formed is."""

from __future__ import annotations

import json

from bench import browser as bench_browser
from bench import generate, measure


def test_the_page_and_its_floor_redraw_for_every_filter(tmp_path, monkeypatch, browser):
    from chatr import db

    monkeypatch.setenv("CHATR_HOME", str(tmp_path / "unused"))
    home = tmp_path / "instance"
    measure.use_instance(home)
    con = db.connect(create=True)
    measure.ingest(con, generate.google_csv(tmp_path / "google.csv", 1_000))
    measure.load_programme(con)
    con.close()

    result = bench_browser.filter_redraw(
        home,
        measure.USERNAME,
        measure.PASSWORD,
        tmp_path / "streamlit.log",
        rounds=1,
        sessions=2,
        board_sessions=3,
        chromium=browser,  # the suite's (Playwright's sync API runs once per thread)
    )

    changes = len(bench_browser.STAGES_ADDED)
    assert len(result["seconds"]) == len(result["floor_seconds"]) == changes
    assert min(result["seconds"] + result["floor_seconds"]) > 0
    many = result["concurrent"]
    for measured, sessions in ((many["page"], 2), (many["floor"], 2)):
        assert measured["errors"] == 0 and len(measured["seconds"]) == 2 * sessions
    meeting = result["board_meeting"]
    assert meeting["sessions"] == 3 and meeting["errors"] == 0 and len(meeting["seconds"]) == 6
    assert result["first_page"]["cold_seconds"] > 0 and result["first_page"]["warm_seconds"] > 0
    assert result["server_peak_rss_bytes"] > 0
    # The floor drew the page's own figures for each filter state: the same titles, n and data.
    saved = json.loads((tmp_path / "streamlit.floor.json").read_text())
    assert len(saved) == changes + 1
    for state in saved.values():
        assert len(state["figures"]) == bench_browser.N_CHARTS
