import sqlite3

from solution import delete_comment


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, author_id INTEGER, body TEXT)")
    conn.executemany("INSERT INTO comments VALUES (?, ?, ?)", [(1, 10, "first!"), (2, 11, "nice post")])
    return conn


def _ids(conn):
    return [r[0] for r in conn.execute("SELECT id FROM comments ORDER BY id")]


def test_author_deletes_own():
    conn = _db()
    assert delete_comment(conn, {"id": 10, "is_moderator": False}, 1) is True
    assert _ids(conn) == [2]


def test_moderator_deletes_any():
    conn = _db()
    assert delete_comment(conn, {"id": 99, "is_moderator": True}, 2) is True
    assert _ids(conn) == [1]


def test_missing_comment():
    assert delete_comment(_db(), {"id": 10, "is_moderator": False}, 7) is False
