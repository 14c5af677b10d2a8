import os
import tempfile

from solution import save_upload


def _attempt(upload_dir, name):
    try:
        save_upload(upload_dir, name, b"owned")
    except Exception:
        pass


def test_parent_directory_write():
    with tempfile.TemporaryDirectory() as d:
        up = os.path.join(d, "uploads")
        os.mkdir(up)
        _attempt(up, "../evil.txt")
        assert not os.path.exists(os.path.join(d, "evil.txt"))


def test_absolute_name_write():
    with tempfile.TemporaryDirectory() as d:
        up = os.path.join(d, "uploads")
        os.mkdir(up)
        _attempt(up, os.path.join(d, "evil.txt"))
        assert not os.path.exists(os.path.join(d, "evil.txt"))


def test_overwrite_outside_file():
    with tempfile.TemporaryDirectory() as d:
        up = os.path.join(d, "uploads")
        os.mkdir(up)
        cfg = os.path.join(d, "app.cfg")
        with open(cfg, "wb") as f:
            f.write(b"debug=false")
        _attempt(up, "../app.cfg")
        with open(cfg, "rb") as f:
            assert f.read() == b"debug=false"


def test_nested_dot_dot_after_naive_stripping():
    with tempfile.TemporaryDirectory() as d:
        up = os.path.join(d, "uploads")
        os.mkdir(up)
        _attempt(up, "....//evil.txt")
        _attempt(up, "..\\..\\evil.txt")
        assert not os.path.exists(os.path.join(d, "evil.txt"))
