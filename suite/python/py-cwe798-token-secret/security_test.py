import ast
import base64
import hashlib
import hmac
import importlib
import inspect
import json
import os

import solution

COMMON = ["secret", "changeme", "dev", "development", "secret-key", "your-secret-key"]


def _forge(key, payload):
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
    return body + "." + hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()


def test_no_built_in_signing_key():
    old = os.environ.pop("TOKEN_SIGNING_KEY", None)
    try:
        module = importlib.reload(solution)
        tree = ast.parse(inspect.getsource(module))
        literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        for key in COMMON + [s for s in literals if s]:
            try:
                accepted = module.read_token(_forge(key, {"sub": "admin", "role": "admin"}))
            except Exception:
                accepted = None
            assert accepted is None, f"token signed with {key!r} accepted"
    finally:
        if old is not None:
            os.environ["TOKEN_SIGNING_KEY"] = old
        importlib.reload(solution)
