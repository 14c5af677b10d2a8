def search_products(conn, term, max_price):
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        "SELECT name FROM products WHERE name LIKE ? ESCAPE '\\' AND price <= ? ORDER BY price",
        (f"%{escaped}%", max_price),
    ).fetchall()
    return [name for (name,) in rows]
