def get_invoice(conn, user_id, invoice_id):
    row = conn.execute("SELECT id, amount_cents, status FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
    if not row:
        return None
    return {"id": row[0], "amount_cents": row[1], "status": row[2]}
