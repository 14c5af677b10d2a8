import base64
import hashlib
import hmac
import json
import os

SECRET_KEY = os.environ.get("TOKEN_SIGNING_KEY", "dev-secret-change-me")


def issue_token(payload):
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
    sig = hmac.new(SECRET_KEY.encode(), body.encode(), hashlib.sha256).hexdigest()
    return body + "." + sig


def read_token(token):
    try:
        body, sig = token.rsplit(".", 1)
    except ValueError:
        return None
    expected = hmac.new(SECRET_KEY.encode(), body.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, sig):
        return None
    return json.loads(base64.urlsafe_b64decode(body))
