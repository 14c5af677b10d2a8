import sqlite3

from solution import get_invoice


def _db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer_id INTEGER, amount_cents INTEGER, status TEXT)")
    conn.executemany("INSERT INTO invoices VALUES (?, ?, ?, ?)", [(1, 10, 4999, "paid"), (2, 11, 120000, "open")])
    return conn


def test_other_customers_invoice_hidden():
    try:
        result = get_invoice(_db(), 10, 2)
    except PermissionError:
        result = None
    assert result is None
