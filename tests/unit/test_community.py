"""The Community of Practice end to end, through the one upload path (chatr.upload) and the CLI:
the demo instance plus the engagement fixtures give expected_engagement.json's figures (and the
oracle's, worked out with json and csv); re-uploads, newer exports, undo, bad files, erasure,
and no personal data from the aggregate layer."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from chatr import admin, community, community_people, figures, upload
from chatr.filters import Filters
from tests.unit import engagement_oracle as oracle
from tests.unit.test_archive import zip_declaring
from tests.unit.test_auth_and_cli import cli
from tests.unit.test_queries_and_db import _snapshot

EVENT_FILES = (oracle.TEAMS_FEB, oracle.TEAMS_MAY, oracle.ZOOM)
# Loads change these two whatever they load (a history row, the cache key).
BOOKKEEPING = ("upload_batch", "data_version")


def load(con, data: bytes, kind: str, name: str = "upload", event: str | None = None):
    return upload.load_file(con, data, name, kind, cohort=None, uploaded_by="test", event=event)


def load_path(con, path, kind: str, event: str | None = None):
    return load(con, path.read_bytes(), kind, path.name, event)


def data_snapshot(con) -> dict:
    """Every table's rows but the bookkeeping ones."""
    return {k: v for k, v in _snapshot(con).items() if k not in BOOKKEEPING}


@pytest.fixture
def engaged_con(fresh_con):
    """The demo database with the Slack export and the three attendance reports loaded."""
    assert load_path(fresh_con, oracle.SLACK_ZIP, "community").status == "loaded"
    for path in EVENT_FILES:
        outcome = load_path(fresh_con, path, "attendance")
        assert outcome.status == "loaded", outcome.problems
    return fresh_con


def expected_events() -> list[dict]:
    found = [oracle.teams_event(oracle.TEAMS_FEB), oracle.teams_event(oracle.TEAMS_MAY)]
    found.append(oracle.zoom_event(oracle.ZOOM))
    return sorted(found, key=lambda e: (e["date"], e["title"]))


def test_the_figures_are_expected_engagement_json_and_the_oracles(engaged_con):
    result = figures.figures(engaged_con, Filters())
    stated = oracle.EXPECTED["community"]
    cohort = next(c for c in result["community"]["cohorts"] if c["cohort"] == "Perinatal #1")
    assert {k: result["community"][k] for k in stated if k != "cohort"} == {
        k: v for k, v in stated.items() if k != "cohort"
    }
    assert {k: cohort[k] for k in stated["cohort"]} == stated["cohort"]
    assert result["community"] == oracle.community(
        oracle.export_files(oracle.SLACK_ZIP.read_bytes())
    )
    for event, stated_event in zip(
        result["events"], sorted(oracle.EXPECTED["events"], key=lambda e: e["date"]), strict=True
    ):
        assert event == {k: v for k, v in stated_event.items() if k != "file"}
    assert result["events"] == expected_events()


def test_with_no_community_data_the_new_keys_are_empty(demo_con):
    result = figures.figures(demo_con, Filters())
    assert result["community"] == {
        "members": 0, "posting_members": 0, "messages": 0, "replies": 0, "threads": 0,
        "links_shared": 0, "messages_by_month": {}, "active_members_by_month": {}, "cohorts": [],
    }  # fmt: skip
    assert result["events"] == []
    assert list(result) == ["baseline", "waves", "wave_change", "cohorts", "community", "events"]


def test_the_other_figures_do_not_move_when_community_data_is_loaded(demo_con, engaged_con):
    before = figures.figures(demo_con, Filters())
    after = figures.figures(engaged_con, Filters())
    assert {k: after[k] for k in ("baseline", "cohorts")} == {
        k: before[k] for k in ("baseline", "cohorts")
    }


def test_portal_and_external_links_add_up(engaged_con):
    summary = community.summary(engaged_con)
    files = oracle.export_files(oracle.SLACK_ZIP.read_bytes())
    texts = [m["text"] for m in oracle.counted_messages(files)]
    portal = sum(t.count("<https://resource-portal.example/") for t in texts)
    assert summary.n_portal_links == portal > 0
    assert summary.n_external_links == sum(t.count("<http") for t in texts) - portal > 0
    assert summary.n_portal_links + summary.n_external_links == summary.n_links


def test_the_same_file_again_is_a_no_op_that_says_so(engaged_con):
    before = _snapshot(engaged_con)
    for path, kind in ((oracle.SLACK_ZIP, "community"), (oracle.ZOOM, "attendance")):
        again = load_path(engaged_con, path, kind)
        assert again.status == "already_loaded" and "already loaded" in again.message
    assert _snapshot(engaged_con) == before


def _newer_export(original: bytes) -> bytes:
    """The export a month later: three July messages, one message edited, one member left."""
    files = oracle.export_files(original)
    active = {u["id"]: u for u in files["users.json"] if not u.get("deleted")}
    day = files["resources/2020-12-01.json"]
    edited = next(m for m in day if m.get("client_msg_id") and m["user"] in active)
    edited["text"] += " (edited in July)"
    active[edited["user"]]["deleted"] = True  # and its author has left
    files["general/2021-07-02.json"] = [
        {"type": "message", "user": edited["user"] if i else "U01JPDVEEVV", "text": f"July {i}",
         "ts": f"{1625216400 + i * 60}.000100"}
        for i in range(3)
    ]  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, value in files.items():
            zipped.writestr(name, json.dumps(value))
    return out.getvalue()


def test_a_newer_export_replaces_by_channel_and_ts_and_undo_brings_the_older_back(engaged_con):
    older_state = data_snapshot(engaged_con)
    older_figures = figures.figures(engaged_con, Filters())["community"]
    newer = load(engaged_con, _newer_export(oracle.SLACK_ZIP.read_bytes()), "community", "new.zip")
    assert newer.status == "loaded", newer.problems
    result = figures.figures(engaged_con, Filters())["community"]
    assert result == oracle.community(
        oracle.export_files(_newer_export(oracle.SLACK_ZIP.read_bytes()))
    )
    assert result["messages"] == older_figures["messages"] + 3  # not twice 440
    assert result["members"] == older_figures["members"] - 1
    texts = community_people.messages(engaged_con)["message_text"]
    assert texts.str.endswith("(edited in July)").sum() == 1
    assert "undone" in upload.undo(engaged_con, newer.batch_id, undone_by="the_admin")
    assert data_snapshot(engaged_con) == older_state
    assert figures.figures(engaged_con, Filters())["community"] == older_figures


def test_an_older_export_loaded_after_a_newer_one_does_not_win(fresh_con):
    newer_data = _newer_export(oracle.SLACK_ZIP.read_bytes())
    assert load(fresh_con, newer_data, "community", "new.zip").status == "loaded"
    expected = figures.figures(fresh_con, Filters())["community"]
    assert load_path(fresh_con, oracle.SLACK_ZIP, "community").status == "loaded"
    assert figures.figures(fresh_con, Filters())["community"] == expected


def test_the_same_meeting_downloaded_twice_counts_once_and_undo_of_an_event(engaged_con):
    events_before = figures.figures(engaged_con, Filters())["events"]
    state_before = data_snapshot(engaged_con)
    again = load(engaged_con, oracle.ZOOM.read_bytes() + b"\r\n", "attendance", "copy.csv")
    assert again.status == "loaded"
    assert figures.figures(engaged_con, Filters())["events"] == events_before
    upload.undo(engaged_con, again.batch_id, undone_by="the_admin")
    assert data_snapshot(engaged_con) == state_before
    zoom_batch = int(community.events(engaged_con).query("kind == 'zoom'")["batch_id"].iloc[0])
    upload.undo(engaged_con, zoom_batch, undone_by="the_admin")
    titles = [e["title"] for e in figures.figures(engaged_con, Filters())["events"]]
    assert titles == ["ChATR Show & Tell", "ChATR Show & Tell"]


def test_an_event_title_given_on_loading_is_the_events_title(fresh_con):
    outcome = load_path(fresh_con, oracle.TEAMS_LEGACY, "attendance", event="Show & Tell Jan 2021")
    assert outcome.status == "loaded", outcome.problems
    (event,) = figures.figures(fresh_con, Filters())["events"]
    assert event == {
        "title": "Show & Tell Jan 2021", "date": "2021-01-13", "kind": "teams", "attendees": 5,
        "minutes_median": 45.0, "from_pilot": 0,
    }  # fmt: skip


BAD = oracle.ENGAGEMENT / "bad"


@pytest.mark.parametrize(
    ("path", "kind", "words"),
    [
        (BAD / "not_a_zip.zip", "community", "not a zip"),
        (BAD / "slack_no_users.zip", "community", "no users.json"),
        (BAD / "teams_truncated.csv", "attendance", "cut short"),
        (BAD / "empty.csv", "attendance", "empty"),
        (BAD / "empty.csv", "community", "empty"),
        (oracle.ZOOM, "baseline", "attendance report"),
        (oracle.SLACK_ZIP, "pilot_pre", "Slack workspace export"),
    ],
)
def test_a_bad_file_is_refused_and_every_table_is_as_before(engaged_con, path, kind, words):
    before = _snapshot(engaged_con)
    outcome = upload.load_file(
        engaged_con, path.read_bytes(), path.name, kind, cohort="Perinatal #1", uploaded_by="t"
    )
    assert outcome.status == "refused" and "Nothing was changed" in outcome.message
    assert words in " ".join(p.message for p in outcome.parsed.errors)
    assert _snapshot(engaged_con) == before


def test_a_zip_bomb_export_is_refused_before_it_is_unpacked(fresh_con):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("users.json", "[]")
        zipped.writestr("channels.json", "[]")
        zipped.writestr("general/2021-01-01.json", "[]")
    bomb = zip_declaring(out.getvalue(), "general/2021-01-01.json", 3 * 1024**3)
    before = _snapshot(fresh_con)
    outcome = load(fresh_con, bomb, "community", "bomb.zip")
    assert outcome.status == "refused"
    assert "zip bomb" in outcome.parsed.errors[0].message
    assert _snapshot(fresh_con) == before


def test_the_aggregate_layer_gives_no_personal_data_and_the_personal_layer_does(engaged_con):
    files = oracle.export_files(oracle.SLACK_ZIP.read_bytes())
    people = [u for u in files["users.json"] if u["id"] != "USLACKBOT"]
    secrets = {u["profile"]["email"].casefold() for u in people if u["profile"].get("email")}
    secrets |= {u["profile"]["real_name"].casefold() for u in people}
    secrets |= {
        m["text"].casefold()
        for n, day in files.items()
        if "/" in n
        for m in day
        if len(m["text"]) > 20
    }

    def leaks(value) -> set[str]:
        text = json.dumps(value, default=str).casefold()
        return {s for s in secrets if s in text}

    personal = [
        community_people.members(engaged_con).to_dict("records"),
        community_people.messages(engaged_con).to_dict("records"),
        community_people.attendees(engaged_con, int(community.events(engaged_con)["batch_id"][0])),
    ]
    assert leaks(personal[0]) and leaks(personal[1])  # the detector finds what is there
    assert leaks(personal[2].to_dict("records"))
    aggregate = [
        community.summary(engaged_con).as_dict(),
        community.by_month(engaged_con).to_dict("records"),
        community.by_channel(engaged_con).to_dict("records"),
        community.cohort_retention(engaged_con).to_dict("records"),
        community.events(engaged_con).to_dict("records"),
        figures.figures(engaged_con, Filters())["community"],
    ]
    assert leaks(aggregate) == set()


def test_erasing_a_slack_members_email_removes_their_rows_and_messages(engaged_con):
    email = "Rebecca.Fox@nhs.example"  # in Slack, a pilot participant, at the May Show & Tell
    removed = admin.erase_person(engaged_con, "the_admin", email.lower())
    assert removed > 0
    assert not community_people.holds_email(engaged_con, email)
    members = community_people.members(engaged_con)
    assert email.casefold() not in set(members["email"].dropna().str.casefold())
    log = admin.audit_log(engaged_con)
    assert email.casefold() not in " ".join(log.astype(str).stack()).casefold()
    outsider = "aisha.robinson@nhs.example"  # in Slack only, not in `person`
    assert admin.erase_person(engaged_con, "the_admin", outsider) > 0
    assert not community_people.holds_email(engaged_con, outsider)


def test_cli_loads_community_files_and_prints_the_figures(tmp_path):
    assert cli(tmp_path, "init", "--demo").returncode == 0
    loaded = cli(tmp_path, "load", str(oracle.SLACK_ZIP), "--kind", "community")
    assert loaded.returncode == 0 and "Slack workspace export" in loaded.stdout, loaded.stderr
    for path in EVENT_FILES:
        assert cli(tmp_path, "load", str(path), "--kind", "attendance").returncode == 0
    titled = cli(
        tmp_path, "load", str(oracle.TEAMS_LEGACY), "--kind", "attendance",
        "--event", "Show & Tell Jan 2021",
    )  # fmt: skip
    assert titled.returncode == 0, titled.stdout
    result = json.loads(cli(tmp_path, "figures").stdout)
    assert result["community"] == oracle.community(
        oracle.export_files(oracle.SLACK_ZIP.read_bytes())
    )
    assert [
        e for e in result["events"] if e["title"] != "Show & Tell Jan 2021"
    ] == expected_events()
    refused = cli(tmp_path, "load", str(BAD / "teams_truncated.csv"), "--kind", "attendance")
    assert refused.returncode == 1 and "3. In-Meeting Activities" in refused.stdout
    again = cli(tmp_path, "load", str(oracle.SLACK_ZIP), "--kind", "community")
    assert again.returncode == 0 and "already loaded" in again.stdout
    usage = cli(tmp_path, "load", str(oracle.ZOOM), "--kind", "comms", "--event", "x")
    assert usage.returncode == 2 and "--event" in usage.stderr
