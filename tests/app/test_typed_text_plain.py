"""What respondents typed is shown as they typed it: a feedback quote or retrospective text
holding Markdown never becomes a link or an image fetched from someone's server."""

from __future__ import annotations

import pytest

from chatr import db, upload
from tests.app.conftest import new_app, sign_in
from tests.conftest import build_instance

PAGE = "pages/pilot_results.py"
TYPED = {
    "quote": ["![x](http://evil.example/x.png)", "[click](http://evil.example/login)"],
    "went_well": ["<img src=http://evil.example/y.png> **loved it**"],
    "improve": ["Shorter sessions\n# not a heading\n* not a list"],
}


def feedback_file() -> bytes:
    rows = ["email,kind,text"]
    for kind, texts in TYPED.items():
        rows += [f',{kind},"{text}"' for text in texts]
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture
def hostile_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    build_instance(tmp_path, users=[("plain_lead", "lead", "Plain Lead", "plain@example.org")])
    con = db.connect()
    outcome = upload.load_file(
        con, feedback_file(), "feedback.csv", "feedback", cohort="Perinatal #1",
        uploaded_by="plain_lead",
    )  # fmt: skip
    con.close()
    assert outcome.status == "loaded", outcome.summary()
    return tmp_path


@pytest.mark.usefixtures("hostile_home")
def test_feedback_quotes_and_retrospective_texts_are_plain_text():
    app = sign_in(new_app(), "plain_lead").switch_page(PAGE).run()
    assert not app.exception
    shown = [t.value for t in app.text]
    for texts in TYPED.values():
        for text in texts:
            assert text in shown  # drawn, exactly as typed
    markdown = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert "evil.example" not in markdown
