def find_user(conn, username):
    cur = conn.execute("SELECT id, username, email FROM users WHERE username = ?", (username,))
    return cur.fetchone()
