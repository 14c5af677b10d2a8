import sqlite3

from solution import find_user


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, email TEXT)")
    conn.executemany("INSERT INTO users VALUES (?, ?, ?)",
                     [(1, "alice", "alice@example.com"), (2, "bob", "bob@example.com")])
    return conn


def test_finds_existing_user():
    assert tuple(find_user(_db(), "bob")) == (2, "bob", "bob@example.com")


def test_missing_user_is_none():
    assert find_user(_db(), "carol") is None


def test_exact_match_only():
    assert find_user(_db(), "ali") is None
