import sqlite3

from solution import search_products


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, price REAL)")
    conn.executemany("INSERT INTO products (name, price) VALUES (?, ?)",
                     [("Floor lamp", 49.0), ("Desk lamp", 19.5), ("Lamp shade", 80.0), ("Chair", 30.0)])
    return conn


def test_filters_by_term_and_price():
    assert list(search_products(_db(), "lamp", 50)) == ["Desk lamp", "Floor lamp"]


def test_case_insensitive():
    assert list(search_products(_db(), "CHAIR", 100)) == ["Chair"]


def test_no_match():
    assert list(search_products(_db(), "sofa", 1000)) == []
