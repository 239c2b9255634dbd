"""An instance knows when it holds the demo data (loaded by `chatr init --demo`), so no one
takes it for the programme's figures: every slide of a deck says so, until every demo file is
undone. The same files loaded as uploads are not demo data."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from chatr import db, demo, load, upload
from chatr.board import slides
from chatr.filters import Filters
from chatr.paths import DEMO_DIR

TODAY = date(2026, 11, 28)


@pytest.fixture
def uploaded_con(tmp_path):
    """The demo files loaded the way a lead loads files, not as the demo."""
    con = db.connect(tmp_path / "chatr.duckdb", create=True)
    with db.transaction(con) as tx:
        for kind, file_name, cohort in demo.DEMO_FILES:
            load.load_canonical(tx, kind, DEMO_DIR / file_name, cohort, "a_lead")
    yield con
    con.close()


def test_the_demo_instance_knows_it_holds_demo_data(demo_con, uploaded_con):
    assert demo.holds_demo_data(demo_con) is True
    assert demo.holds_demo_data(uploaded_con) is False


def test_every_slide_and_the_title_say_demo_data_on_a_demo_instance(demo_con, uploaded_con):
    deck = slides.deck(demo_con, Filters(), True, TODAY)
    assert len(deck.slides) > 10
    assert "demo data" in deck.title.lower()
    assert all(s.source.startswith(demo.DEMO_NOTICE) for s in deck.slides)
    real = slides.deck(uploaded_con, Filters(), True, TODAY)
    assert len(real.slides) == len(deck.slides)
    assert "demo" not in real.title.lower()
    assert not any(demo.DEMO_NOTICE in s.source for s in real.slides)


def test_undoing_every_demo_file_ends_the_demo(fresh_con):
    batches = fresh_con.execute(
        "select batch_id from upload_batch where status = 'loaded' order by batch_id desc"
    ).fetchall()
    for (batch_id,) in batches[:-1]:
        upload.undo(fresh_con, batch_id, undone_by="the_admin")
        assert demo.holds_demo_data(fresh_con) is True  # some demo data is still there
    upload.undo(fresh_con, batches[-1][0], undone_by="the_admin")
    assert demo.holds_demo_data(fresh_con) is False


def test_a_demo_loaded_before_the_mark_existed_is_marked_on_opening(demo_home, tmp_path):
    path = tmp_path / "chatr.duckdb"
    shutil.copyfile(demo_home / "chatr.duckdb", path)
    con = db.connect(path)
    con.execute("delete from demo_batch")  # as a database made before the table was
    con.close()
    again = db.connect(path)
    try:
        assert demo.holds_demo_data(again) is True
    finally:
        again.close()
