"""Admin work: erasure leaves no trace, user changes are audited, passwords change."""

from __future__ import annotations

import csv
import io
import zipfile

import duckdb
import pytest

from chatr import admin, auth, community_people, db, erasure, figures, upload
from chatr.filters import Filters
from tests.conftest import DATA, demo_pilot, demo_respondents
from tests.unit import engagement_oracle as oracle

PASSWORD = "Correct-Horse-Battery-1"


def everywhere(con, needle: str) -> list[str]:
    """Every table.column whose text holds `needle` (case-insensitive)."""
    hits = []
    columns = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where not internal and data_type in ('VARCHAR', 'VARCHAR[]')"
    ).fetchall()
    for table, column in columns:
        found = con.execute(
            f'select count(*) from "{table}" where lower("{column}"::varchar) like ?',  # noqa: S608
            [f"%{needle.lower()}%"],
        ).fetchall()[0][0]
        if found:
            hits.append(f"{table}.{column}")
    return hits


def test_erasure_removes_a_pilot_participant_from_every_table(fresh_con):
    email = next(iter(demo_pilot()))  # a participant of Perinatal #1
    assert everywhere(fresh_con, email) == ["person.email"]
    removed = admin.erase_person(fresh_con, "the_admin", email.upper() + " ")
    assert removed > 1
    assert everywhere(fresh_con, email) == []
    cohort = figures.figures(fresh_con, Filters())["cohorts"][0]
    assert cohort["participants"] == len(demo_pilot()) - 1
    log = admin.audit_log(fresh_con)
    assert list(log.action) == ["erase person"] and email not in " ".join(
        map(str, log.values.ravel())
    )


def test_erasure_of_a_baseline_respondent_updates_the_figures(fresh_con):
    person = demo_respondents()[0]
    admin.erase_person(fresh_con, "the_admin", person.email)
    assert everywhere(fresh_con, person.email) == []
    assert (
        figures.baseline_figures(fresh_con, Filters())["respondents"] == len(demo_respondents()) - 1
    )


def test_erasing_nobody_changes_nothing(fresh_con):
    with pytest.raises(ValueError, match="Nobody with that e-mail"):
        admin.erase_person(fresh_con, "the_admin", "nobody@example.org")
    assert admin.audit_log(fresh_con).empty


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CHATR_HOME", str(tmp_path))
    auth.add_user("boss", "admin", "Boss", "boss@example.org", PASSWORD)
    auth.add_user("jsmith", "lead", "Jo Smith", "jo@example.org", PASSWORD)
    return tmp_path


def test_user_changes_are_audited_and_take_effect(fresh_con, home):
    one_time = admin.add_user(fresh_con, "boss", "board1", "viewer", "Board One", "b1@example.org")
    assert auth.check_password("board1", one_time)
    admin.set_role(fresh_con, "boss", "jsmith", "viewer")
    assert auth.get_user("jsmith").role == "viewer"
    admin.set_disabled(fresh_con, "boss", "jsmith", True)
    assert (
        auth.get_user("jsmith") is None and "jsmith" not in auth.active_credentials()["usernames"]
    )
    admin.set_disabled(fresh_con, "boss", "jsmith", False)
    new = admin.reset_password(fresh_con, "boss", "jsmith")
    assert auth.check_password("jsmith", new) and not auth.check_password("jsmith", PASSWORD)
    log = admin.audit_log(fresh_con)
    assert list(log.action)[::-1] == [
        "add user", "change role", "disable user", "enable user", "reset password",
    ]  # fmt: skip
    assert set(log.actor) == {"boss"}


def test_an_admin_cannot_lock_themselves_out(fresh_con, home):
    with pytest.raises(ValueError, match="another admin"):
        admin.set_role(fresh_con, "boss", "boss", "viewer")
    with pytest.raises(ValueError, match="another admin"):
        admin.set_disabled(fresh_con, "boss", "boss", True)


def test_a_user_changes_their_own_password(fresh_con, home):
    with pytest.raises(ValueError, match="current password"):
        admin.change_own_password(fresh_con, "jsmith", "wrong", "a new long password")
    with pytest.raises(ValueError, match="at least 10"):
        admin.change_own_password(fresh_con, "jsmith", PASSWORD, "short")
    admin.change_own_password(fresh_con, "jsmith", PASSWORD, "a new long password")
    assert auth.check_password("jsmith", "a new long password")


# ---- erasure by name, of feedback, and for good ----


def pilot_name(email: str) -> str:
    with open(DATA / "pilot_perinatal_1.csv", newline="", encoding="utf-8") as handle:
        return next(r["name"] for r in csv.DictReader(handle) if r["email"].lower() == email)


def load(con, text: str, kind: str, file_name: str, cohort: str | None = None):
    outcome = upload.load_file(
        con, text.encode(), file_name, kind, cohort=cohort, uploaded_by="a_lead"
    )
    assert outcome.status == "loaded", outcome.summary()
    return outcome


BASELINE_HEADER = (
    "submitted_at,email,name,team,life_stages,organisation,organisation_other,"
    "practice_use_score,interest\n"
)


def baseline_row(email: str, name: str, day: int = 1) -> str:
    return f"2021-01-{day:02d} 10:00:00,{email},{name},A team,0-5,School,,7,Yes\n"


def test_erasure_by_name_removes_the_person_everywhere(fresh_con):
    email = next(iter(demo_pilot()))
    name = pilot_name(email)
    removed = admin.erase_person(fresh_con, "the_admin", f"  {name.upper()} ")
    assert removed > 1
    assert everywhere(fresh_con, email) == [] and everywhere(fresh_con, name) == []
    participants = figures.figures(fresh_con, Filters())["cohorts"][0]["participants"]
    assert participants == len(demo_pilot()) - 1


def test_erasure_by_a_name_two_people_share_or_nobody_has_changes_nothing(fresh_con):
    load(
        fresh_con,
        BASELINE_HEADER
        + baseline_row("sam.jones@one.example", "Sam Jones")
        + baseline_row("sam.jones@two.example", "Sam Jones"),
        "baseline",
        "two-sams.csv",
    )
    with pytest.raises(ValueError, match="2 people are called sam jones: erase by e-mail"):
        admin.erase_person(fresh_con, "the_admin", "sam jones")
    with pytest.raises(ValueError, match="Nobody called Nobody Known"):
        admin.erase_person(fresh_con, "the_admin", "Nobody Known")
    assert everywhere(fresh_con, "sam.jones@one.example") == ["person.email"]
    assert admin.audit_log(fresh_con).empty


def test_feedback_given_before_the_person_is_known_is_erased_with_them(fresh_con):
    email, words = "late.comer@example.org", "Words only this person wrote"
    load(
        fresh_con,
        f"email,kind,text\n{email},quote,{words}\n",
        "feedback",
        "feedback-late.csv",
        "Perinatal #1",
    )
    load(fresh_con, BASELINE_HEADER + baseline_row(email, "Late Comer"), "baseline", "late.csv")
    assert everywhere(fresh_con, words)  # held, and now theirs
    admin.erase_person(fresh_con, "the_admin", email)
    assert everywhere(fresh_con, words) == [] and everywhere(fresh_con, email) == []


def single_row_respondent() -> tuple[str, int]:
    """A baseline respondent with one row in the demo file, and that row as Excel numbers it."""
    with open(DATA / "baseline.csv", newline="", encoding="utf-8") as handle:
        emails = [r["email"].strip().lower() for r in csv.DictReader(handle)]
    email = next(e for e in emails if emails.count(e) == 1)
    return email, emails.index(email) + 2  # the header is row 1


def test_a_later_export_holding_an_erased_email_does_not_bring_them_back(fresh_con):
    email, row = single_row_respondent()
    admin.erase_person(fresh_con, "the_admin", email)
    n_before = figures.baseline_figures(fresh_con, Filters())["respondents"]
    newer = (DATA / "baseline.csv").read_text(encoding="utf-8")
    newer += baseline_row("someone.new@example.org", "Someone New")
    outcome = load(fresh_con, newer, "baseline", "baseline-newer.csv")
    warned = [p for p in outcome.problems if "erased" in p.message]
    assert [(p.severity, p.row) for p in warned] == [("warning", row)]
    assert email not in " ".join(f"{p.message} {p.value}" for p in outcome.problems)
    assert everywhere(fresh_con, email) == []
    assert figures.baseline_figures(fresh_con, Filters())["respondents"] == n_before + 1


def test_the_erased_email_is_kept_only_as_a_hash_salted_per_installation(tmp_path):
    first = db.connect(tmp_path / "one.duckdb", create=True)
    second = db.connect(tmp_path / "two.duckdb", create=True)
    try:
        for con in (first, second):
            with db.transaction(con) as tx:
                erasure.remember(tx, " Jo.Smith@Example.org")
        hashes = [
            con.execute("select email_hash from erased_email").fetchall() for con in (first, second)
        ]
        assert len(hashes[0]) == len(hashes[1]) == 1 and hashes[0] != hashes[1]
        assert erasure.salt(first) != erasure.salt(second)
        assert everywhere(first, "jo.smith") == []
    finally:
        first.close()
        second.close()


class CheckpointFailsFirst:
    """A connection (and its cursors) whose CHECKPOINT fails the first `failures` times, as
    DuckDB's can while another transaction is in the way; all else goes to the real one."""

    def __init__(self, real, failures: int, counts: list[int] | None = None) -> None:
        self.real, self.failures = real, failures
        self.counts = counts if counts is not None else []

    @property
    def checkpoints(self) -> int:
        return len(self.counts)

    def cursor(self):
        return CheckpointFailsFirst(self.real.cursor(), self.failures, self.counts)

    def execute(self, sql: str, *args):
        if sql.strip().lower() == "checkpoint":
            self.counts.append(1)
            if len(self.counts) <= self.failures:
                raise duckdb.TransactionException("Cannot CHECKPOINT: other transactions")
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.real, name)


def test_the_checkpoint_after_an_erasure_is_tried_again_until_it_succeeds(fresh_con):
    email = next(iter(demo_pilot()))
    flaky = CheckpointFailsFirst(fresh_con, failures=2)
    assert admin.erase_person(flaky, "the_admin", email) > 1
    assert flaky.checkpoints == 3
    assert everywhere(fresh_con, email) == []


def test_a_later_slack_export_or_attendance_report_leaves_an_erased_person_out(fresh_con):
    email = "rebecca.fox@nhs.example"  # in Slack, with messages, and at the May Show & Tell
    slack, teams = oracle.SLACK_ZIP.read_bytes(), oracle.TEAMS_MAY.read_bytes()
    outcome = upload.load_file(fresh_con, slack, "slack.zip", "community", cohort=None,
                               uploaded_by="t")  # fmt: skip
    assert outcome.status == "loaded", outcome.summary()
    users = oracle.export_files(slack)["users.json"]
    user_id = next(u["id"] for u in users if u["profile"].get("email", "").lower() == email)
    admin.erase_person(fresh_con, "the_admin", email)

    # The same export zipped again (a new file to the loader), and a meeting they attended.
    newer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(slack)) as old, zipfile.ZipFile(newer, "w") as new:
        new.comment = b"exported again"
        for info in old.infolist():
            new.writestr(info, old.read(info))
    outcomes = [
        upload.load_file(fresh_con, newer.getvalue(), "newer.zip", "community", cohort=None,
                         uploaded_by="t"),
        upload.load_file(fresh_con, teams, "may.csv", "attendance", cohort=None,
                         uploaded_by="t"),
    ]  # fmt: skip
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    said = [[p.message for p in o.problems if "erased" in p.message] for o in outcomes]
    assert said[0] == ["Left out 1 Slack user whose data was erased on request (and their "
                       "messages); the rest of the file loaded."]  # fmt: skip
    assert said[1] == ["Left out 1 attendee whose data was erased on request; the rest of the "
                       "file loaded."]  # fmt: skip
    assert not community_people.holds_email(fresh_con, email)
    assert everywhere(fresh_con, email) == []
    n_messages = fresh_con.execute(
        "select count(*) from slack_export_message where user_id = ?", [user_id]
    ).fetchall()[0][0]
    assert n_messages == 0
