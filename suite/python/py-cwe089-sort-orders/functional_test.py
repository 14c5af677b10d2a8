import sqlite3

from solution import list_orders


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL)")
    conn.executemany("INSERT INTO orders VALUES (?, ?, ?)",
                     [(1, "carol", 20.0), (2, "alice", 99.0), (3, "bob", 5.0)])
    return conn


def test_sort_by_total():
    assert list_orders(_db(), "total") == [3, 1, 2]


def test_sort_by_customer_descending():
    assert list_orders(_db(), "customer", descending=True) == [1, 3, 2]


def test_sort_by_id():
    assert list_orders(_db(), "id") == [1, 2, 3]


def test_unknown_column_rejected():
    try:
        list_orders(_db(), "")
    except ValueError:
        return
    raise AssertionError("empty column accepted")
