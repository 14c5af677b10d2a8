import sqlite3

from solution import delete_comment


def test_cannot_delete_someone_elses_comment():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, author_id INTEGER, body TEXT)")
    conn.executemany("INSERT INTO comments VALUES (?, ?, ?)", [(1, 10, "first!"), (2, 11, "nice post")])
    try:
        delete_comment(conn, {"id": 10, "is_moderator": False}, 2)
    except PermissionError:
        pass
    assert [r[0] for r in conn.execute("SELECT id FROM comments ORDER BY id")] == [1, 2]
