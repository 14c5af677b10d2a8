def fetch_notes(conn, owner, ids):
    note_ids = [int(i) for i in ids]
    if not note_ids:
        return []
    placeholders = ", ".join("?" for _ in note_ids)
    sql = f"SELECT id, title FROM notes WHERE owner = ? AND id IN ({placeholders}) ORDER BY id"
    return [tuple(row) for row in conn.execute(sql, (owner, *note_ids)).fetchall()]
