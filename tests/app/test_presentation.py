"""Presentation mode in AppTest: one slide per screen with previous and next, the board's slides
with no group under 5, and the deck made and offered for download with its progress."""

from __future__ import annotations

import io
import json

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.app.conftest import ROLES, new_app, sign_in

pytestmark = pytest.mark.usefixtures("app_home")
PAGE = "pages/presentation.py"


def open_page(username: str, **query):
    app = sign_in(new_app(**query), username)
    return app.switch_page(PAGE).run()


def button(app, label: str):
    return next(b for b in app.button if b.label == label)


def shown(app) -> tuple[str, dict]:
    """The slide position and the chart on screen."""
    position = next(m.value for m in app.markdown if m.value.startswith("**Slide "))
    return position, json.loads(app.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize("role", ROLES)
def test_one_chart_per_screen_and_previous_next_walk_the_deck(role):
    app = open_page(f"test_{role}")
    assert not app.exception
    position, chart = shown(app)
    total = int(position.split(" of ")[1].strip("*"))
    assert position == f"**Slide 1 of {total}**" and len(app.get("plotly_chart")) == 1
    assert chart["layout"]["title"]["text"] == "The programme at a glance"
    assert button(app, "Previous").disabled
    titles = [chart["layout"]["title"]["text"]]
    for step in range(2, total + 1):
        button(app, "Next").click().run()
        position, chart = shown(app)
        assert position == f"**Slide {step} of {total}**"
        titles.append(chart["layout"]["title"]["text"].replace("<br>", " "))
        caption = " ".join(c.value for c in app.caption)
        assert "n = " in caption and "Life stages: all life stages" in caption
    assert button(app, "Next").disabled
    assert titles[-1] == "Rollout plan: cohorts per life stage"
    # the demo's Perinatal #1 has a follow-up months later
    assert "Perinatal #1: self-rating before, after and months after the programme" in titles
    button(app, "Previous").click().run()
    assert shown(app)[0] == f"**Slide {total - 1} of {total}**"


def test_the_board_walks_through_board_slides_and_a_lead_the_full_ones():
    def pilot_chart(username: str, full: bool = False) -> dict:
        app = open_page(username)
        if full:
            app.toggle(key="present_board").set_value(False).run()
        while "Perinatal #1: self-rating before" not in shown(app)[1]["layout"]["title"]["text"]:
            button(app, "Next").click().run()
        return shown(app)[1]

    assert {t["type"] for t in pilot_chart("test_viewer")["data"]} == {"box"}
    assert {t["type"] for t in pilot_chart("test_lead")["data"]} == {"box"}  # board by default
    assert {t["type"] for t in pilot_chart("test_lead", full=True)["data"]} == {"scatter"}
    assert not open_page("test_viewer").toggle  # a viewer has no choice


def test_the_filters_in_force_are_on_every_slide():
    app = open_page("test_viewer", life_stage="Perinatal")
    caption = " ".join(c.value for c in app.caption)
    assert "Life stages: Perinatal" in caption
    assert "Life stages: Perinatal" in shown(app)[1]["layout"]["title"]["subtitle"]["text"]


def test_a_lead_makes_the_full_deck_and_downloads_it():
    app = open_page("test_lead")
    app.toggle(key="present_board").set_value(False).run()
    button(app, "Make the PowerPoint deck").click().run()
    assert not app.exception
    download = next(e for e in app.get("download_button"))
    assert "Download the PowerPoint deck" in download.proto.label
    deck_url = download.proto.url
    assert deck_url  # the file is held by Streamlit's media store for the download
    app.run()  # next run: the deck is offered, no longer made again
    assert not any(b.label == "Make the PowerPoint deck" for b in app.button)
    assert any(b.label == "Make the PDF report" for b in app.button)
    data = app.session_state["present_files"]["pptx"][1]
    texts = [
        " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for slide in Presentation(io.BytesIO(data)).slides
    ]
    assert "Full version for leads and admins" in texts[0]
    assert all("n = " in text and "Life stages: all life stages" in text for text in texts[1:])


def test_the_deck_a_viewer_makes_is_the_board_version():
    app = open_page("test_viewer")
    button(app, "Make the PDF report").click().run()
    assert next(e for e in app.get("download_button")).proto.label == "Download the PDF report"
    pdf = PdfReader(io.BytesIO(app.session_state["present_files"]["pdf"][1]))
    assert "Board version" in pdf.pages[0].extract_text()
    button(app, "Make the PowerPoint deck").click().run()
    data = app.session_state["present_files"]["pptx"][1]
    deck = Presentation(io.BytesIO(data))
    texts = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "Board version: counts under 5 are not shown" in texts
