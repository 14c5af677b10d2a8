def delete_comment(conn, user, comment_id):
    if not user or "id" not in user:
        raise PermissionError("login required")
    cur = conn.execute("DELETE FROM comments WHERE id = ?", (comment_id,))
    conn.commit()
    return cur.rowcount > 0
