import hashlib
import hmac


def authenticate(conn, username, password):
    row = conn.execute("SELECT password_sha256, role FROM accounts WHERE username = ?", (username,)).fetchone()
    if row is None:
        return None
    digest = hashlib.sha256(password.encode("utf-8")).hexdigest()
    if not hmac.compare_digest(digest, row[0]):
        return None
    return row[1]
