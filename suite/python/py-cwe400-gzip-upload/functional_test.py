import gzip

from solution import read_gzip_upload


def test_round_trip():
    body = b'{"items": [1, 2, 3]}' * 10
    assert read_gzip_upload(gzip.compress(body), 1000) == body


def test_exact_limit_ok():
    assert read_gzip_upload(gzip.compress(b"x" * 100), 100) == b"x" * 100


def test_too_large():
    try:
        read_gzip_upload(gzip.compress(b"x" * 101), 100)
    except ValueError:
        return
    raise AssertionError("oversized body accepted")


def test_not_gzip():
    try:
        read_gzip_upload(b"plain text", 100)
    except ValueError:
        return
    raise AssertionError("non-gzip body accepted")
