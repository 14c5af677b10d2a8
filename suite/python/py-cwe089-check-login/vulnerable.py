import hashlib


def authenticate(conn, username, password):
    digest = hashlib.sha256(password.encode()).hexdigest()
    query = f"SELECT role FROM accounts WHERE username = '{username}' AND password_sha256 = '{digest}'"
    row = conn.execute(query).fetchone()
    return row[0] if row else None
