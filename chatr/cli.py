"""`python -m chatr ...`: set up an installation, manage users, print the figures.

Exit codes: 0 done, 1 refused (nothing changed), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from chatr import auth, load, paths
from chatr.filters import Filters
from chatr.ingest.validation import COHORT_KINDS, ENGAGEMENT_KINDS, KINDS
from chatr.reference import LIFE_STAGES, ORGANISATIONS

FIRST_ADMIN = "admin"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    from chatr.db import DatabaseLocked  # heavy imports wait until a command needs them

    try:
        return args.run(args)
    except DatabaseLocked as error:
        print(error, file=sys.stderr)
        return 1
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m chatr", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create the instance (database, secrets, first admin)")
    init.add_argument("--demo", action="store_true", help="load the demo data shipped in data/")
    init.add_argument(
        "--if-missing", action="store_true", help="do nothing but say how to log in if it exists"
    )
    init.set_defaults(run=_init)

    users = commands.add_parser("users", help="manage users").add_subparsers(
        required=True, metavar="ACTION"
    )
    add = users.add_parser("add", help="add a user; the password is read from standard input")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=auth.ROLES)
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--password-stdin", action="store_true", required=True)
    add.set_defaults(run=_users_add)
    listing = users.add_parser("list", help="list users and roles")
    listing.set_defaults(run=_users_list)

    figs = commands.add_parser("figures", help="print the headline figures as JSON")
    figs.add_argument("--life-stage", action="append", default=[], metavar="S")
    figs.add_argument("--organisation", action="append", default=[], metavar="O")
    figs.add_argument(
        "--board", action="store_true", help="only what a board member (viewer) may see"
    )
    figs.set_defaults(run=_figures)

    deck = commands.add_parser(
        "report", help="write the board deck (.pptx) or report (.pdf) for the filters"
    )
    # As report.FORMATS; not imported here, since chatr.report takes a second to import.
    deck.add_argument("--format", required=True, choices=("pptx", "pdf"))
    deck.add_argument("--out", required=True, metavar="FILE")
    deck.add_argument("--life-stage", action="append", default=[], metavar="S")
    deck.add_argument("--organisation", action="append", default=[], metavar="O")
    deck.add_argument(
        "--cohort", action="append", default=[], metavar="C",
        help="only these evaluated cohorts, e.g. 'Perinatal #1' (default: every one)",
    )  # fmt: skip
    deck.add_argument(
        "--full", action="store_true",
        help="include counts under 5 (for leads and admins; default: the board version)",
    )  # fmt: skip
    deck.set_defaults(run=_report)

    rotate = commands.add_parser(
        "rotate-secret", help="replace the cookie-signing key: logs everyone out"
    )
    rotate.set_defaults(run=_rotate_secret)

    loading = commands.add_parser("load", help="validate and load a survey export or plan file")
    loading.add_argument("file", help="the file as downloaded from the survey tool, or a template")
    loading.add_argument("--kind", required=True, choices=(*KINDS, *ENGAGEMENT_KINDS))
    loading.add_argument("--cohort", help="for pilot and feedback files, e.g. 'Perinatal #1'")
    loading.add_argument(
        "--event", help="for attendance reports: the event's title, e.g. 'Show & Tell Feb 2021' "
        "(default: the meeting title in the report)",
    )  # fmt: skip
    loading.add_argument(
        "--wave", help="for baseline files: the survey wave's name, e.g. 'Follow-up Nov 2021' "
        "(created if new; default: the wave whose dates the file overlaps, else the first)",
    )  # fmt: skip
    loading.set_defaults(run=_load)

    interest = commands.add_parser(
        "export-interest",
        help="write the interest list (names, e-mails, teams: personal data) as a CSV file",
    )
    interest.add_argument("--life-stage", action="append", default=[], metavar="S")
    interest.add_argument("--organisation", action="append", default=[], metavar="O")
    interest.add_argument(
        "--answer", action="append", default=[], choices=("Yes", "Maybe"),
        help="Yes and/or Maybe (default: both)",
    )  # fmt: skip
    interest.add_argument("--out", required=True, metavar="FILE.csv")
    interest.set_defaults(run=_export_interest)
    _batch_commands(commands)
    return parser


def _batch_commands(commands) -> None:
    """history, undo, backup and restore: the Upload page's history and undo, the Admin page's
    backup, and putting a backup back."""
    history = commands.add_parser("history", help="list the uploads, newest first")
    history.add_argument("--json", action="store_true", help="as JSON")
    history.set_defaults(run=_history)
    undo = commands.add_parser("undo", help="undo a loaded batch (see history)")
    undo.add_argument("batch", type=int, metavar="BATCH")
    undo.add_argument("--by", metavar="NAME", help="who undoes it (default: cli:<login name>)")
    undo.set_defaults(run=_undo)
    backup = commands.add_parser(
        "backup", help="write a backup of the database to a new file (the app stopped)"
    )
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(run=_backup)
    restore = commands.add_parser(
        "restore", help="put a backup in place of the database (the app stopped)"
    )
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(run=_restore)


def _history(args: argparse.Namespace) -> int:
    from chatr import db, upload

    con = db.connect()
    try:
        rows = upload.history(con, n_latest=None)
    finally:
        con.close()
    entries = upload.history_entries(rows)
    if args.json:
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return 0
    print("batch\tuploaded at\tby\tkind\trows\tstatus\tfile")
    for entry, row in zip(entries, rows.itertuples(), strict=True):
        status = entry["status"]
        if isinstance(row.undone_by, str):  # NULL comes back as None or NaN
            status += f" by {row.undone_by}, {row.undone_at:%Y-%m-%d %H:%M}"
        print(
            f"{entry['batch']}\t{row.uploaded_at:%Y-%m-%d %H:%M}\t{entry['by']}\t"
            f"{entry['kind']}\t{entry['rows']}\t{status}\t{entry['file']}"
        )
    return 0


def _undo(args: argparse.Namespace) -> int:
    from chatr import db, upload

    con = db.connect()
    try:
        print(upload.undo(con, args.batch, undone_by=args.by or f"cli:{getpass.getuser()}"))
    finally:
        con.close()
    return 0


def _backup(args: argparse.Namespace) -> int:
    from chatr import backup, db

    try:
        con = db.connect()
    except db.DatabaseLocked:
        print(
            f"error: the running app holds {paths.database_path()}: download a backup from the "
            "Admin page (Backup tab) instead, or stop the app first.",
            file=sys.stderr,
        )
        return 1
    try:
        target = backup.write_backup(con, Path(args.file), made_by=f"cli:{getpass.getuser()}")
    finally:
        con.close()
    print(
        f"Wrote a backup of the database to {target} (readable by you only). It is the database "
        "only, not the users and passwords (credentials.yaml); it holds personal data."
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from chatr import backup

    source = Path(args.file)
    if not source.is_file():
        print(f"error: no file {source}", file=sys.stderr)
        return 2
    print(backup.restore(source, paths.database_path()))
    return 0


def _rotate_secret(args: argparse.Namespace) -> int:
    auth.rotate_cookie_secret()
    print("New cookie key written: everyone signed in must sign in again.")
    return 0


def _load(args: argparse.Namespace) -> int:
    from chatr import db, upload

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no file {path}", file=sys.stderr)
        return 2
    if args.kind in COHORT_KINDS:
        try:
            load.CohortRef.parse(args.cohort or "")
        except ValueError as error:
            print(f"error: --cohort is needed for {args.kind}: {error}", file=sys.stderr)
            return 2
    if args.event is not None and args.kind != "attendance":
        print("error: --event is only for --kind attendance", file=sys.stderr)
        return 2
    if problem := upload.wave_problem(args.kind, args.wave):
        print(f"error: --wave: {problem}", file=sys.stderr)
        return 2
    con = db.connect()
    user = f"cli:{getpass.getuser()}"
    outcome = upload.load_file(
        con,
        path,
        path.name,
        args.kind,
        cohort=args.cohort,
        uploaded_by=user,
        event=args.event,
        wave=args.wave,
    )
    print(outcome.message)
    for problem in outcome.problems:
        place = [f"{k} {v!r}" if k == "value" else f"{k} {v}" for k, v in _located(problem)]
        print(
            f"  {problem.severity}"
            + (f" ({', '.join(place)})" if place else "")
            + f": {problem.message}"
        )
    for note in outcome.notes:
        print(f"  note: {note}")
    if outcome.unmatched is not None and len(outcome.unmatched):
        print(f"  {len(outcome.unmatched)} participant(s) have only one of the two surveys:")
        for row in outcome.unmatched.itertuples():
            print(f"    {row.participant}: no {row.missing_survey} survey yet")
    return 1 if outcome.status == "refused" else 0


def _located(problem) -> list[tuple[str, object]]:
    where = (("row", problem.row), ("column", problem.column), ("value", problem.value))
    return [(label, value) for label, value in where if value is not None]


def _init(args: argparse.Namespace) -> int:
    from chatr import db, demo

    exists = paths.database_path().exists()
    if exists and args.if_missing:
        _say_how_to_log_in(None)
        return 0
    con = db.connect(create=True)
    auth.cookie_secret()
    if args.demo and not exists:
        rows = demo.load_demo(con)
        print(f"Loaded the demo data ({rows} rows) into {paths.database_path()}.")
    elif args.demo:
        print(f"{paths.database_path()} already exists; the demo data was not loaded again.")
    con.close()
    password = None
    if not auth.load_credentials()["usernames"]:
        password = auth.random_password()
        auth.add_user(FIRST_ADMIN, "admin", "Administrator", "admin@localhost.invalid", password)
    _say_how_to_log_in(password)
    return 0


def _say_how_to_log_in(password: str | None) -> None:
    if password:
        print(
            "\nFirst login: open http://127.0.0.1:8501 and sign in as\n"
            f"    user name: {FIRST_ADMIN}\n    password:  {password}\n"
            "This password is shown only once: keep it somewhere safe. Add people on the Admin\n"
            "page, or from a terminal in this folder with\n"
            f"    CHATR_HOME={paths.instance_dir()} .venv/bin/python -m chatr users add NAME "
            "--role viewer|lead|admin --name 'Full Name' --email ... --password-stdin\n"
        )
    else:
        print(
            f"Instance {paths.instance_dir()} is ready. Open http://127.0.0.1:8501 and sign in "
            "with your account (the first admin's password was printed when it was created)."
        )


def _users_add(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    user = auth.add_user(args.username, args.role, args.name, args.email, password)
    print(f"Added {user.username} ({user.role}).")
    return 0


def _users_list(args: argparse.Namespace) -> int:
    for username, entry in sorted(auth.load_credentials()["usernames"].items()):
        print(f"{username}\t{entry['roles'][0]}\t{entry.get('name', '')}")
    return 0


def _filters(args: argparse.Namespace) -> Filters | None:
    """The filters given on the command line, or None (after saying why) if one is unknown."""
    unknown = [s for s in args.life_stage if Filters.of([s]).life_stages == ()]
    unknown += [o for o in args.organisation if Filters.of((), [o]).organisations == ()]
    if unknown:
        print(
            f"error: unknown filter value(s) {unknown}; life stages: {', '.join(LIFE_STAGES)}; "
            f"organisations: {', '.join(ORGANISATIONS)}",
            file=sys.stderr,
        )
        return None
    return Filters.of(args.life_stage, args.organisation)


def _figures(args: argparse.Namespace) -> int:
    filters = _filters(args)
    if filters is None:
        return 2
    from chatr import db, disclosure, figures

    con = db.connect()
    result = figures.figures(con, filters)
    if args.board:
        result = disclosure.board_figures(result, con, filters)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def _report(args: argparse.Namespace) -> int:
    filters = _filters(args)
    if filters is None:
        return 2
    from datetime import date

    from chatr import db
    from chatr.board import report, slides

    con = db.connect()
    try:
        deck = slides.deck(con, filters, not args.full, date.today(), args.cohort)
    finally:
        con.close()
    left_out = [
        c for c in args.cohort if f"Pilot results: {c}" not in {s.title for s in deck.slides}
    ]
    for cohort in left_out:
        print(
            f"note: no slides for {cohort}: no participant with both surveys matches the filters"
            + ("" if args.full else ", or fewer than 5 do (the board version)"),
            file=sys.stderr,
        )

    def progress(done: int, total: int) -> None:
        print(f"\r  drawn {done} of {total} charts", end="", file=sys.stderr, flush=True)

    from chatr import export

    with export.private_file(Path(args.out)) as handle:  # the full version holds small counts
        report.render(deck, args.format, handle, progress)
    print(file=sys.stderr)
    print(f"Wrote {len(deck.slides)} slides ({deck.audience}) to {args.out}.")
    return 0


def _export_interest(args: argparse.Namespace) -> int:
    filters = _filters(args)
    if filters is None:
        return 2
    from pathlib import Path

    from chatr import db, export, interest

    con = db.connect()
    answers = interest.answers_of(args.answer or interest.ANSWERS)
    data, n_rows = export.interest_csv(con, filters, answers)
    con.close()
    with export.private_file(Path(args.out)) as handle:  # personal data: owner only
        handle.write(data)
    print(f"Wrote {n_rows} people ({', '.join(answers)}) to {args.out}.")
    return 0
