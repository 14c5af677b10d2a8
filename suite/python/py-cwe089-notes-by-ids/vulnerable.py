def fetch_notes(conn, owner, ids):
    if not ids:
        return []
    for i in ids:
        if not i.strip():
            raise ValueError("empty id")
    id_list = ",".join(ids)
    sql = f"SELECT id, title FROM notes WHERE owner = ? AND id IN ({id_list}) ORDER BY id"
    return [tuple(r) for r in conn.execute(sql, (owner,)).fetchall()]
