import sqlite3

from solution import find_user


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, email TEXT)")
    conn.executemany("INSERT INTO users VALUES (?, ?, ?)",
                     [(1, "alice", "alice@example.com"), (2, "bob", "bob@example.com")])
    return conn


def _attempt(payload):
    try:
        return find_user(_db(), payload)
    except Exception:
        return None


def test_tautology_returns_no_user():
    assert _attempt("' OR '1'='1") is None


def test_comment_injection_returns_no_user():
    assert _attempt("nobody' OR 1=1 --") is None


def test_quote_in_name_is_data():
    conn = _db()
    conn.execute("INSERT INTO users VALUES (3, 'o''brien', 'ob@example.com')")
    assert tuple(find_user(conn, "o'brien")) == (3, "o'brien", "ob@example.com")
