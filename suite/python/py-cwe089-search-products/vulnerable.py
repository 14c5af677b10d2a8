def search_products(conn, term, max_price):
    sql = f"SELECT name FROM products WHERE name LIKE '%{term}%' AND price <= {max_price} ORDER BY price"
    return [row[0] for row in conn.execute(sql).fetchall()]
