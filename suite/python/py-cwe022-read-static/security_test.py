import os
import tempfile

from solution import read_static

SECRET = b"DB_PASSWORD=hunter2"


def _setup(d):
    base = os.path.join(d, "site")
    os.makedirs(base)
    with open(os.path.join(d, "secret.env"), "wb") as f:
        f.write(SECRET)
    return base


def _attempt(base, name):
    try:
        return read_static(base, name)
    except Exception:
        return None


def test_dot_dot_traversal():
    with tempfile.TemporaryDirectory() as d:
        assert _attempt(_setup(d), "../secret.env") != SECRET


def test_absolute_path():
    with tempfile.TemporaryDirectory() as d:
        base = _setup(d)
        assert _attempt(base, os.path.join(d, "secret.env")) != SECRET


def test_nested_traversal():
    with tempfile.TemporaryDirectory() as d:
        assert _attempt(_setup(d), "css/../../secret.env") != SECRET
