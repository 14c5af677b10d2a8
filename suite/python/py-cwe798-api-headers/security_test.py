import os

from solution import payments_auth_headers

KEYS = ("PAYMENTS_API_TOKEN", "PAYMENTS_API_TOKEN_FILE")


def test_no_embedded_token_when_unprovisioned():
    old = {k: os.environ.pop(k, None) for k in KEYS}
    try:
        try:
            headers = payments_auth_headers()
        except Exception:
            headers = {}
        auth = headers.get("Authorization", "")
        assert auth.replace("Bearer", "").strip() == ""
    finally:
        for k in KEYS:
            if old[k] is not None:
                os.environ[k] = old[k]
