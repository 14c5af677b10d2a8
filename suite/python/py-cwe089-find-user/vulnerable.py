def find_user(conn, username):
    cur = conn.execute(f"SELECT id, username, email FROM users WHERE username = '{username}'")
    return cur.fetchone()
