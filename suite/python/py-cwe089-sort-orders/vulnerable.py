def list_orders(conn, sort_by, descending=False):
    if not sort_by:
        raise ValueError("sort_by is required")
    order = "DESC" if descending else "ASC"
    rows = conn.execute(f"SELECT id FROM orders ORDER BY {sort_by} {order}").fetchall()
    return [r[0] for r in rows]
