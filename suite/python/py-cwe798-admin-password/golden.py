import hmac
import os


def check_admin_password(password):
    expected = os.environ.get("ADMIN_PASSWORD")
    if not expected:
        return False
    return hmac.compare_digest(password.encode("utf-8"), expected.encode("utf-8"))
