SORTABLE_COLUMNS = {"id": "id", "customer": "customer", "total": "total"}


def list_orders(conn, sort_by, descending=False):
    if sort_by not in SORTABLE_COLUMNS:
        raise ValueError(f"cannot sort by {sort_by!r}")
    column = SORTABLE_COLUMNS[sort_by]
    direction = "DESC" if descending else "ASC"
    rows = conn.execute(f"SELECT id FROM orders ORDER BY {column} {direction}, id ASC").fetchall()
    return [order_id for (order_id,) in rows]
