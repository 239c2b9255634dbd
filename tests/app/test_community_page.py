"""The Community and sessions page in AppTest, under every role, on an instance with the Slack
export, three attendance reports and baseline answers for some attendees loaded through the one
upload path: the numbers on screen against the fixture files, what a viewer may see (counts,
small groups withheld, the quotes a lead picked, never a name, an e-mail or another message),
a lead picking and removing a quote, the empty instance, the Upload page's new kinds and the
sessions on the Rollout timeline."""

from __future__ import annotations

import base64
import html
import json
import re
from collections import Counter

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from chatr import community, community_people, community_quotes, db, upload
from chatr.ingest.validation import ENGAGEMENT_KIND_LABELS
from chatr.ui import cache
from tests.app.conftest import ROLES, new_app, sign_in
from tests.app.test_timeline_and_interest import assert_no_personal_data, everything_shown
from tests.conftest import ROOT, build_instance
from tests.unit import engagement_oracle as oracle

PAGE = "pages/community.py"
TIMELINE = "pages/rollout_timeline.py"
UPLOAD = "pages/upload_data.py"
QUOTE_TS = "1607760204.029200"  # "Lovely feedback from a mum today: ..." (names no one)
EXPECTED = oracle.EXPECTED["community"]


@pytest.fixture(scope="module")
def engaged_home(tmp_path_factory):
    """A demo instance with a user per role and the community files loaded as a lead would."""
    users = [(f"cp_{r}", r, f"Cp {r.title()}", f"cp_{r}@example.org") for r in ROLES]
    home = build_instance(tmp_path_factory.mktemp("community-home"), users=users)
    con = db.connect(home / "chatr.duckdb")
    files = [(oracle.SLACK_ZIP, "community")]
    files += [(path, "attendance") for path in (oracle.TEAMS_FEB, oracle.TEAMS_MAY, oracle.ZOOM)]
    for path, kind in files:
        assert upload.load_file(
            con, path.read_bytes(), path.name, kind, cohort=None, uploaded_by="cp_lead"
        ).status == "loaded"  # fmt: skip
    attendees = oracle.attendee_baseline_csv()
    assert upload.load_file(
        con, attendees, "attendees.csv", "baseline", cohort=None, uploaded_by="cp_lead"
    ).status == "loaded"  # fmt: skip
    con.close()
    return home


@pytest.fixture
def engaged(engaged_home, monkeypatch):
    """This test runs on the engaged instance; no quote it picks outlives it."""
    monkeypatch.setenv("CHATR_HOME", str(engaged_home))
    yield engaged_home
    with db.transaction(cache.connection()) as tx:
        tx.execute("delete from community_quote")


def open_page(role: str, page: str = PAGE) -> AppTest:
    app = sign_in(new_app(), f"cp_{role}").switch_page(page).run()
    assert not app.exception, app.exception
    return app


def charts(app: AppTest) -> dict[str, dict]:
    """Each chart on screen by its title (line breaks as spaces)."""
    found = {}
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        found[spec["layout"]["title"]["text"].replace("<br>", " ")] = spec
    return found


def trace(spec: dict, name: str) -> dict:
    """The trace of this name, its numbers decoded (Plotly sends arrays as base64 typed arrays:
    {"dtype": "i8", "bdata": ...})."""
    found = next(t for t in spec["data"] if t.get("name") == name)
    return {key: numbers(value) for key, value in found.items()}


def numbers(value):
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return value


def sessions_attended() -> Counter:
    return Counter(key for people in oracle.attendees_per_event() for key in people)


def secrets() -> dict[str, set[str]]:
    """What a viewer must never see, read from the personal-data layer: names, e-mails, and
    every run of 20 or more letters and spaces of a message (the page's escaping and the
    protobuf's leave those as written)."""
    con = cache.connection()
    members = community_people.members(con)
    messages = community_people.messages(con)
    events = community.events(con)
    attendees = [community_people.attendees(con, int(b)) for b in events["batch_id"]]
    names = set(members["real_name"].dropna()) | set(members["email"].dropna())
    for table in attendees:
        names |= set(table["display_name"].dropna()) | set(table["email"].dropna())
    texts = {
        run
        for text in messages["message_text"]
        for run in re.findall(r"[A-Za-z][A-Za-z ]{18,}[A-Za-z]", html.unescape(text))
    }
    return {"names": names, "display_names": set(members["display_name"].dropna()), "texts": texts}


def leaks(shown: str, found: dict[str, set[str]]) -> set[str]:
    words = {name for name in found["display_names"] if re.search(rf"\b{re.escape(name)}\b", shown)}
    return words | {s for s in found["names"] | found["texts"] if s in shown}


# --- every role -------------------------------------------------------------------------------


@pytest.mark.usefixtures("engaged")
@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_numbers_of_the_files(role):
    app = open_page(role)
    assert app.title[0].value == "Community and sessions"
    attended = sessions_attended()
    assert {m.label: m.value for m in app.metric} == {
        "Members": str(EXPECTED["members"]), "Members who posted": str(EXPECTED["posting_members"]),
        "Messages": str(EXPECTED["messages"]), "Replies in threads": str(EXPECTED["replies"]),
        "Threads": str(EXPECTED["threads"]), "Links shared": str(EXPECTED["links_shared"]),
        "Sessions held": str(len(oracle.EXPECTED["events"])),
        "People at a session": str(len(attended)),
        "Came to more than one": str(sum(1 for n in attended.values() if n > 1)),
    }  # fmt: skip
    shown = charts(app)
    assert len(shown) == 8
    activity = shown["Community of Practice: messages and members posting"]
    posts, replies = trace(activity, "Posts")["y"], trace(activity, "Replies in threads")["y"]
    totals = [p + r for p, r in zip(posts, replies, strict=True)]
    assert totals == list(EXPECTED["messages_by_month"].values())
    members = trace(activity, "Members who posted")["y"]
    assert members == list(EXPECTED["active_members_by_month"].values())
    held = shown["Show & Tells and webinars: who came"]
    by_date = sorted(oracle.EXPECTED["events"], key=lambda e: e["date"])
    assert trace(held, "Attendees")["y"] == [e["attendees"] for e in by_date]
    for spec in shown.values():  # every chart states its n and the filters
        subtitle = spec["layout"]["title"]["subtitle"]["text"]
        assert subtitle.startswith("n = ") and "Life stages: all life stages" in subtitle


@pytest.mark.usefixtures("engaged")
def test_retention_a_lead_sees_every_number_and_a_viewer_no_small_group():
    cohort = EXPECTED["cohort"]
    title = "Did trained cohorts join the community?"
    lead = charts(open_page("lead"))[title]
    assert trace(lead, "Participants")["x"] == [cohort["participants"]]
    assert trace(lead, "In the community")["x"] == [cohort["in_workspace"]]
    active = trace(lead, "Active within 90 days after the end")["x"]
    assert active == [cohort["active_within_90_days_after_end"]]
    viewer_app = open_page("viewer")
    viewer = charts(viewer_app)[title]
    assert trace(viewer, "Participants")["text"] == [str(cohort["participants"])]
    assert 0 < cohort["participants"] - cohort["in_workspace"] < 5  # 9 of 11 would give 2 away
    assert trace(viewer, "In the community")["text"] == ["hidden"]
    assert trace(viewer, "Active within 90 days after the end")["text"] == ["hidden"]
    said = " ".join(m.value for m in viewer_app.markdown)
    assert f"{cohort['in_workspace']} of {cohort['participants']}" not in said
    assert any("Counts under 5 are shown to you" in c.value for c in open_page("lead").caption)
    assert not any("Counts under 5 are shown to you" in c.value for c in viewer_app.caption)


@pytest.mark.usefixtures("engaged")
def test_a_viewer_sees_no_name_email_or_message_and_the_detector_works():
    found = secrets()
    lead_app = open_page("lead")
    assert lead_app.expander and lead_app.selectbox  # the picker, for a lead
    lead = everything_shown(lead_app)  # it lists authors and messages
    assert leaks(lead, found) & found["names"] and leaks(lead, found) & found["texts"]
    viewer = open_page("viewer")
    assert_no_personal_data(viewer)  # the demo's names and e-mails, and no "@" at all
    assert leaks(everything_shown(viewer), found) == set()
    assert not viewer.selectbox and not viewer.button  # no picker
    assert all(e.label == "Show the data" for e in viewer.expander)  # charts' numbers only


@pytest.mark.usefixtures("engaged")
def test_a_lead_picks_a_quote_the_viewer_sees_its_text_not_its_author_and_it_can_go():
    messages = community_people.messages(cache.connection())
    picked = messages[messages["ts"] == QUOTE_TS].iloc[0]
    lead = open_page("lead")
    lead.selectbox(key="quote_message_All channels").set_value(
        f"{picked.channel_id}/{QUOTE_TS}"
    ).run()
    next(b for b in lead.button if b.label == "Pick as a quote for the board").click().run()
    assert not lead.exception
    assert "Picked as a quote for the board" in lead.success[0].value
    (row,) = community_quotes.picked(cache.connection()).itertuples()
    assert row.picked_by == "cp_lead"

    viewer = open_page("viewer")
    shown = everything_shown(viewer)
    text = community_quotes.plain_text(picked.message_text)
    (probe,) = [r for r in re.findall(r"[A-Za-z][A-Za-z ]{18,}[A-Za-z]", text)][:1]
    quotes = [m.value for m in viewer.markdown if probe in m.value]
    assert len(quotes) == 1 and quotes[0].startswith("“")
    assert re.sub(r"\\(.)", r"\1", quotes[0]) == f"“{text}”"  # as written, markdown escaped
    found = secrets()
    same_text = set(re.findall(r"[A-Za-z][A-Za-z ]{18,}[A-Za-z]", html.unescape(text)))
    assert leaks(shown, found) == same_text  # the quote, and nothing else
    members = community_people.members(cache.connection())
    author = members[members["display_name"].fillna(members["real_name"]) == picked.author]
    assert author["real_name"].iloc[0] not in shown and "cp_lead" not in shown
    assert_no_personal_data(viewer)

    lead = open_page("lead")
    next(b for b in lead.button if b.label == "Remove").click().run()
    assert "Removed" in lead.success[0].value
    assert probe not in everything_shown(open_page("viewer"))


# --- nothing loaded, the page by itself, the Upload page, the timeline ------------------------


@pytest.mark.usefixtures("app_home")
@pytest.mark.parametrize("role", ROLES)
def test_with_nothing_loaded_the_page_says_so_and_tells_a_lead_how(role):
    app = sign_in(new_app(), f"test_{role}").switch_page(PAGE).run()
    assert not app.exception
    (info,) = [i.value for i in app.info]
    assert info.startswith("No Community of Practice or session data has been loaded yet.")
    if role == "viewer":
        assert "A programme lead loads" in info and "--kind" not in info
    else:
        assert "**Upload data**" in info and "--kind community" in info
        assert all(label in info for label in ENGAGEMENT_KIND_LABELS.values())
    assert not app.get("plotly_chart") and not app.metric


def test_the_page_by_itself_refuses_anyone_not_signed_in(app_home):
    page = AppTest.from_file(str(ROOT / PAGE), default_timeout=60).run()
    assert "You do not have access to this page." in [e.value for e in page.error]
    assert not page.get("plotly_chart") and not page.metric


@pytest.fixture
def lead_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    return build_instance(tmp_path, users=[("up_lead", "lead", "Up Lead", "up@example.org")])


@pytest.mark.usefixtures("lead_home")
def test_the_upload_page_loads_an_attendance_report_under_the_title_given():
    app = sign_in(new_app(), "up_lead").switch_page(UPLOAD).run()
    kinds = app.selectbox[0]
    assert set(ENGAGEMENT_KIND_LABELS.values()) <= set(kinds.options)  # shown by their labels
    kinds.set_value("community").run()
    assert not app.get("download_button")  # no template for a Slack export
    assert not [t for t in app.text_input if t.label == "Event title"]
    kinds.set_value("attendance").run()
    assert not app.get("download_button")
    title = next(t for t in app.text_input if t.label == "Event title")
    title.input("Quarterly webinar, March").run()
    path = oracle.ZOOM
    app.get("file_uploader")[0].set_value((path.name, path.read_bytes(), "text/csv"))
    app.run()
    assert any("'Quarterly webinar, March' on 17 Mar 2021" in c.value for c in app.caption)
    next(b for b in app.button if b.label.startswith("Load ")).click().run()
    assert not app.exception and "Loaded" in app.success[0].value
    (event,) = community.events(cache.connection()).itertuples()
    assert event.title == "Quarterly webinar, March" and event.kind == "zoom"
    app.selectbox[0].set_value("baseline").run()
    assert app.get("download_button")  # the survey kinds keep their template


@pytest.mark.usefixtures("engaged")
def test_the_rollout_timeline_marks_the_sessions_with_attendees_for_a_lead_only():
    def sessions_trace(role: str) -> dict:
        gantt = charts(open_page(role, TIMELINE))["Rollout plan: cohorts per life stage"]
        return trace(gantt, "Sessions held")

    lead, viewer = sessions_trace("lead"), sessions_trace("viewer")
    by_date = sorted(oracle.EXPECTED["events"], key=lambda e: e["date"])
    assert [h.rsplit("<br>", 1)[-1] for h in lead["customdata"]] == [
        f"{e['attendees']} attendees" for e in by_date
    ]
    assert len(viewer["x"]) == len(by_date)
    assert not any("attendees" in h for h in viewer["customdata"])
