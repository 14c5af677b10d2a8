import sqlite3

from solution import list_orders


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL)")
    conn.executemany("INSERT INTO orders VALUES (?, ?, ?)",
                     [(1, "carol", 20.0), (2, "alice", 99.0), (3, "bob", 5.0)])
    conn.execute("CREATE TABLE admins (password TEXT)")
    conn.execute("INSERT INTO admins VALUES ('swordfish')")
    return conn


def _attempt(sort_by):
    try:
        return ("ok", list_orders(_db(), sort_by))
    except Exception:
        return ("error", None)


def test_blind_injection_oracle_reveals_nothing():
    # An attacker guesses the admin password letter by letter: the output must not depend on the guess.
    template = "(CASE WHEN (SELECT substr(password, 1, 1) FROM admins) = '{}' THEN total ELSE -total END)"
    right = _attempt(template.format("s"))
    wrong = _attempt(template.format("x"))
    assert right == wrong


def test_subquery_column_rejected():
    outcome, _ = _attempt("(SELECT password FROM admins)")
    assert outcome == "error"
