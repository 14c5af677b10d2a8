import os
import tempfile

from solution import read_static


def _site(d):
    base = os.path.join(d, "site")
    os.makedirs(os.path.join(base, "css"))
    with open(os.path.join(base, "css", "site.css"), "wb") as f:
        f.write(b"body{}")
    with open(os.path.join(base, "index.html"), "wb") as f:
        f.write(b"<h1>hi</h1>")
    return base


def test_reads_nested_file():
    with tempfile.TemporaryDirectory() as d:
        assert read_static(_site(d), "css/site.css") == b"body{}"


def test_reads_top_file():
    with tempfile.TemporaryDirectory() as d:
        assert read_static(_site(d), "index.html") == b"<h1>hi</h1>"


def test_missing_is_none():
    with tempfile.TemporaryDirectory() as d:
        assert read_static(_site(d), "nope.js") is None
