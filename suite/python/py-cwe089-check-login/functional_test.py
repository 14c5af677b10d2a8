import hashlib
import sqlite3

from solution import authenticate


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE accounts (username TEXT, password_sha256 TEXT, role TEXT)")
    for user, pw, role in [("admin", "s3cret-admin", "admin"), ("dana", "hunter2", "editor")]:
        conn.execute("INSERT INTO accounts VALUES (?, ?, ?)", (user, hashlib.sha256(pw.encode()).hexdigest(), role))
    return conn


def test_correct_password_returns_role():
    assert authenticate(_db(), "dana", "hunter2") == "editor"
    assert authenticate(_db(), "admin", "s3cret-admin") == "admin"


def test_wrong_password_is_none():
    assert authenticate(_db(), "dana", "hunter3") is None


def test_unknown_user_is_none():
    assert authenticate(_db(), "eve", "hunter2") is None
