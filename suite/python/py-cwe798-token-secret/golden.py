import base64
import hashlib
import hmac
import json
import os


def _signing_key():
    key = os.environ.get("TOKEN_SIGNING_KEY")
    if not key:
        raise RuntimeError("TOKEN_SIGNING_KEY is not configured")
    return key.encode("utf-8")


def _sign(body):
    return hmac.new(_signing_key(), body.encode("ascii"), hashlib.sha256).hexdigest()


def issue_token(payload):
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode("utf-8")).decode("ascii")
    return f"{body}.{_sign(body)}"


def read_token(token):
    body, _, signature = token.rpartition(".")
    if not body or not hmac.compare_digest(_sign(body), signature):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(body.encode("ascii")))
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None
