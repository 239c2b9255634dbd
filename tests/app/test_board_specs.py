"""What a board member's browser receives: no more precision than the screen shows."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from tests.app.conftest import new_app, sign_in

pytestmark = pytest.mark.usefixtures("app_home")
PAGES = ["pages/system_baseline.py", "pages/pilot_results.py", "pages/overview.py"]
SKIPPED_TRACES = {"box"}  # a box is drawn at its quartiles: what it shows is where it stands


def numbers(value) -> list[float]:
    if isinstance(value, dict) and "bdata" in value:  # Plotly's encoding of a numpy array
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return [float(n) for n in array if np.issubdtype(array.dtype, np.floating)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers(v)]
    if isinstance(value, float):
        return [value]
    return []


def too_precise(spec: dict) -> list[float]:
    found = []
    for trace in spec["data"]:
        if trace.get("type") in SKIPPED_TRACES:
            continue
        for key in ("x", "y", "customdata", "text", "hovertext"):
            found += [n for n in numbers(trace.get(key)) if round(n, 1) != n]
    for shape in spec["layout"].get("shapes", []):
        found += [n for n in numbers([shape.get("x0"), shape.get("x1")]) if round(n, 1) != n]
    return found


@pytest.mark.parametrize("page", PAGES)
def test_a_viewer_gets_no_hidden_precision_in_chart_specs(page):
    app = sign_in(new_app(), "test_viewer").switch_page(page).run()
    assert not app.exception
    charts = app.get("plotly_chart")
    assert charts, "the page drew no chart"
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        assert not too_precise(spec), (spec["layout"]["title"]["text"], too_precise(spec))


def test_numbers_sent_as_typed_arrays_are_read():
    encoded = {"dtype": "f8", "bdata": base64.b64encode(np.array([5.25, 6.0]).tobytes()).decode()}
    assert numbers({"x": encoded}) == [5.25, 6.0]


def test_a_lead_gets_the_exact_mean():
    app = sign_in(new_app(), "test_lead").switch_page(PAGES[0]).run()
    specs = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    assert any(too_precise(spec) for spec in specs)  # the check above can fail


def test_a_withheld_group_mean_says_not_shown_when_hovered():
    app = sign_in(new_app(), "test_viewer").switch_page(PAGES[0]).run()
    hovers = {}
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if spec["layout"]["title"]["text"].startswith("Use of trauma-informed practice by"):
            (bar,) = spec["data"]
            hovers.update(zip(bar["y"], bar["customdata"], strict=True))
    assert len(hovers) >= 6, hovers  # both charts were found
    withheld = [group for group, said in hovers.items() if "mean" not in said]
    assert withheld, hovers  # the demo has groups under 5 by organisation type
    for group in withheld:
        assert hovers[group] == "not shown: fewer than 5 answered", group
    assert all(said.startswith("mean ") for g, said in hovers.items() if g not in withheld)
