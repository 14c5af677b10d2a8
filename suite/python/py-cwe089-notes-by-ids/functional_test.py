import sqlite3

from solution import fetch_notes


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, owner TEXT, title TEXT)")
    conn.executemany("INSERT INTO notes VALUES (?, ?, ?)",
                     [(1, "ann", "groceries"), (2, "ann", "todo"), (3, "ben", "diary"), (4, "ann", "ideas")])
    return conn


def test_returns_owned_notes_in_order():
    assert [tuple(r) for r in fetch_notes(_db(), "ann", ["4", "1"])] == [(1, "groceries"), (4, "ideas")]


def test_other_owners_notes_skipped():
    assert [tuple(r) for r in fetch_notes(_db(), "ann", ["3"])] == []


def test_empty_ids():
    assert list(fetch_notes(_db(), "ann", [])) == []


def test_blank_id_rejected():
    try:
        fetch_notes(_db(), "ann", [" "])
    except ValueError:
        return
    raise AssertionError("blank id accepted")
