import os
import tempfile

from solution import payments_auth_headers

KEYS = ("PAYMENTS_API_TOKEN", "PAYMENTS_API_TOKEN_FILE")


def _with_env(env, fn):
    old = {k: os.environ.pop(k, None) for k in KEYS}
    os.environ.update(env)
    try:
        return fn()
    finally:
        for k in KEYS:
            os.environ.pop(k, None)
            if old[k] is not None:
                os.environ[k] = old[k]


def test_direct_token():
    h = _with_env({"PAYMENTS_API_TOKEN": "tok_env_1"}, payments_auth_headers)
    assert h == {"Authorization": "Bearer tok_env_1", "Accept": "application/json"}


def test_token_file():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "token")
        with open(p, "w") as f:
            f.write("  tok_file_2\n")
        h = _with_env({"PAYMENTS_API_TOKEN_FILE": p}, payments_auth_headers)
        assert h["Authorization"] == "Bearer tok_file_2"


def test_direct_wins():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "token")
        with open(p, "w") as f:
            f.write("tok_file_2")
        h = _with_env({"PAYMENTS_API_TOKEN": "tok_env_1", "PAYMENTS_API_TOKEN_FILE": p}, payments_auth_headers)
        assert h["Authorization"] == "Bearer tok_env_1"
