"""The benchmark at 1,000 rows, so `make bench` cannot rot: every measure runs once and comes
out well-formed. Timings are never asserted here (the benchmark's ratios judge those)."""

from __future__ import annotations

import json
import sys

import pytest

from bench import generate, measure, run

N_ROWS = 1_000
PAGE = {"System baseline": measure.BASELINE_PAGE}


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A work folder; CHATR_HOME is restored for the tests after this one."""
    monkeypatch.setenv("CHATR_HOME", str(tmp_path / "unused"))
    return tmp_path


def test_the_generated_export_looks_like_a_google_forms_download(work):
    path = generate.google_csv(work / "export.csv", 20)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 21
    assert lines[0].startswith('"Timestamp","Email address","Name"')
    assert lines[1].startswith('"2023/10/02 8:00:00 AM GMT+1","')


def test_a_1000_row_run_gives_every_measure(work):
    from chatr import db

    csv = generate.google_csv(work / "google.csv", N_ROWS)
    xlsx = generate.microsoft_xlsx(work / "microsoft.xlsx", 50)
    measure.use_instance(work / "xlsx_instance")
    con = db.connect(create=True)
    xlsx_ingest = measure.ingest(con, xlsx) | {"calamine_seconds": measure.plain_calamine(xlsx)}
    con.close()
    measure.use_instance(work / "instance")
    con = db.connect(create=True)
    csv_ingest = measure.ingest(con, csv) | {"read_csv_seconds": measure.bare_read_csv(csv, work)}
    csv_ingest["whole_process"] = measure.whole_process_ingest(csv, work, repeats=1)
    measure.load_programme(con)
    con.close()
    result = {
        "size": N_ROWS,
        "csv_bytes": csv.stat().st_size,
        "csv_ingest": csv_ingest,
        "xlsx_ingest": xlsx_ingest,
        "pages": measure.page_times(repeats=1, pages=PAGE),
        "single_session": measure.sessions(1, switches=1, think=(0, 0)),
        "concurrent_sessions": measure.sessions(2, switches=1, think=(0, 0)),
        "peak_rss_bytes": measure.peak_rss_bytes(),
    }

    assert csv_ingest["rows_loaded"] == generate.n_people(N_ROWS)
    assert xlsx_ingest["rows_loaded"] > 0
    whole = csv_ingest["whole_process"]
    for side in ("chatr", "read_csv"):
        assert whole[f"{side}_seconds"] > 0 and whole[f"{side}_peak_rss_bytes"] > 0
    assert whole["time_ratio"] > 0 and whole["memory_ratio"] > 0
    page = result["pages"]["System baseline"]
    assert page["n_charts"] == 6 and page["chart_bytes"] > 0
    assert page["cold_seconds"] > 0 and page["warm_seconds"] > 0
    assert result["concurrent_sessions"]["runs"] == 2
    assert result["concurrent_sessions"]["errors"] == 0, result["concurrent_sessions"]
    assert result["peak_rss_bytes"] > 0
    report = {
        "started": "now",
        "machine": "test",
        "wall_seconds": 1.0,
        "sizes": [result],
        "targets": run.targets({N_ROWS: result}),
    }
    assert {t["target"].split(" ")[0] for t in report["targets"]} >= {"CSV", "XLSX", "peak"}
    assert all(t["value"] is not None and t["value"] >= 0 for t in report["targets"])
    text = run.markdown(report)
    assert "| CSV ingest / read_csv |" in text and "| whole process memory ratio |" in text
    assert "within 2x read_csv's peak memory" in text
    json.dumps(report)


def test_a_child_s_peak_memory_is_its_own_not_the_benchmark_s():
    # Linux starts a child's peak RSS at its parent's; the benchmark's process is large, so a
    # child measured straight from it would report at least that (and every ratio near 1).
    ballast = bytearray(256 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(range(0, len(ballast), 4096))  # touched, so resident
    child = measure.run_child([sys.executable, "-c", "pass"])
    assert child["peak_rss_bytes"] < 128 * 1024 * 1024, child
    del ballast
