def get_invoice(conn, user_id, invoice_id):
    row = conn.execute(
        "SELECT id, amount_cents, status FROM invoices WHERE id = ? AND customer_id = ?",
        (invoice_id, user_id),
    ).fetchone()
    if row is None:
        return None
    return {"id": row[0], "amount_cents": row[1], "status": row[2]}
