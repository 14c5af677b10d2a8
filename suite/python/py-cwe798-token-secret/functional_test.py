import os

import solution

os.environ.setdefault("TOKEN_SIGNING_KEY", "k-" + "7f3a9c" * 6)


def test_round_trip():
    token = solution.issue_token({"sub": "u42", "scope": ["read"]})
    assert solution.read_token(token) == {"sub": "u42", "scope": ["read"]}


def test_tampered_rejected():
    token = solution.issue_token({"sub": "u42"})
    body, sig = token.rsplit(".", 1)
    assert solution.read_token(body + "." + ("0" if sig[0] != "0" else "1") + sig[1:]) is None
