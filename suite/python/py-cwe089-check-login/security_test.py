import hashlib
import sqlite3

from solution import authenticate


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE accounts (username TEXT, password_sha256 TEXT, role TEXT)")
    conn.execute("INSERT INTO accounts VALUES (?, ?, ?)",
                 ("admin", hashlib.sha256(b"s3cret-admin").hexdigest(), "admin"))
    return conn


def _attempt(user, pw):
    try:
        return authenticate(_db(), user, pw)
    except Exception:
        return None


def test_comment_out_password_check():
    assert _attempt("admin' --", "anything") is None


def test_tautology_login():
    assert _attempt("x' OR '1'='1' --", "anything") is None
