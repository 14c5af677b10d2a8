def delete_comment(conn, user, comment_id):
    row = conn.execute("SELECT author_id FROM comments WHERE id = ?", (comment_id,)).fetchone()
    if row is None:
        return False
    if row[0] != user["id"] and not user["is_moderator"]:
        raise PermissionError("only the author or a moderator can delete this comment")
    conn.execute("DELETE FROM comments WHERE id = ?", (comment_id,))
    conn.commit()
    return True
