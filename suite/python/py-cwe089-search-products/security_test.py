import sqlite3

from solution import search_products


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, price REAL)")
    conn.executemany("INSERT INTO products (name, price) VALUES (?, ?)", [("Desk lamp", 19.5), ("Chair", 30.0)])
    conn.execute("CREATE TABLE api_keys (secret TEXT)")
    conn.execute("INSERT INTO api_keys VALUES ('sk-live-123456')")
    return conn


def _attempt(term):
    try:
        return list(search_products(_db(), term, 1000))
    except Exception:
        return []


def test_union_does_not_leak_other_table():
    result = _attempt("zzz%' UNION SELECT secret FROM api_keys --")
    assert "sk-live-123456" not in result


def test_tautology_returns_nothing():
    assert _attempt("zzz' OR 1=1 --") == []
