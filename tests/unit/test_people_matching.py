"""queries/store_staged_people.sql: staged rows matched to people by e-mail, else by external
reference, never by name; rows of one new person share a fresh id."""

from __future__ import annotations

from chatr import db, queries

# (source_row, email, external_ref) staged; the comment says who each row is.
STAGED = [
    (2, "known@nhs.example", None),  # known by e-mail
    (3, "new@nhs.example", "R9"),  # new, twice by e-mail (a reference does not split them)
    (4, "new@nhs.example", None),
    (5, None, "R1"),  # known by reference
    (6, None, "R2"),  # new by reference, twice
    (7, None, "R2"),
    (8, None, None),  # neither: each row a person of its own
    (9, None, None),
    (10, None, "known@nhs.example"),  # a reference is never matched to an e-mail
]


def test_rows_are_matched_by_email_then_reference_and_new_people_share_an_id(tmp_path):
    con = db.connect(tmp_path / "chatr.duckdb", create=True)
    try:
        con.execute(
            "insert into person (person_id, email, external_ref, name) values "
            "(1001, 'known@nhs.example', null, 'Known'), (1002, null, 'R1', 'By Ref')"
        )
        con.execute(
            "create temp table staged_baseline "
            "(source_row integer, email varchar, external_ref varchar)"
        )
        con.executemany("insert into staged_baseline values (?, ?, ?)", STAGED)
        queries.write(con, "store_staged_people", staged_table="staged_baseline")
        mapped = {
            row: (person_id, is_new, n_rows)
            for row, person_id, is_new, n_rows in con.execute(
                "select source_row, person_id, is_new, n_rows from staged_person_map"
            ).fetchall()
        }
    finally:
        con.close()
    assert sorted(mapped) == [row for row, _, _ in STAGED]
    assert mapped[2] == (1001, False, 1) and mapped[5] == (1002, False, 1)
    new_ids = {row: person_id for row, (person_id, is_new, _) in mapped.items() if is_new}
    assert sorted(new_ids) == [3, 4, 6, 7, 8, 9, 10]
    assert new_ids[3] == new_ids[4] and mapped[3][2] == 2
    assert new_ids[6] == new_ids[7] and mapped[6][2] == 2
    assert len({new_ids[3], new_ids[6], new_ids[8], new_ids[9], new_ids[10]}) == 5
    assert {mapped[8][2], mapped[9][2], mapped[10][2]} == {1}
    assert not {1001, 1002} & set(new_ids.values())
