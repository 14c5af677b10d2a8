import sqlite3

from solution import fetch_notes


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, owner TEXT, title TEXT)")
    conn.executemany("INSERT INTO notes VALUES (?, ?, ?)",
                     [(1, "ann", "groceries"), (3, "ben", "ben's diary")])
    return conn


def _attempt(ids):
    try:
        return [tuple(r) for r in fetch_notes(_db(), "ann", ids)]
    except Exception:
        return []


def test_or_injection_cannot_read_other_owner():
    assert (3, "ben's diary") not in _attempt(["1) OR (1=1"])


def test_union_injection_cannot_read_other_owner():
    assert (3, "ben's diary") not in _attempt(["0) UNION SELECT id, title FROM notes WHERE (1=1"])
