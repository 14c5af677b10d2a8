import hashlib

from solution import hash_password

_FAST = ("md5", "sha1", "sha224", "sha256", "sha512")


def test_hash_is_salted():
    assert hash_password("password123") != hash_password("password123")


def test_not_a_fast_digest():
    pw = "letmein"
    stored = hash_password(pw).lower()
    for name in _FAST:
        assert hashlib.new(name, pw.encode()).hexdigest() not in stored, name
