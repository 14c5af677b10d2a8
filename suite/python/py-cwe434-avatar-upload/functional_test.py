import os
import tempfile

from solution import store_avatar

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
GIF = b"GIF89a" + b"\0" * 16


def test_stores_png():
    with tempfile.TemporaryDirectory() as d:
        name = store_avatar(d, "me.png", PNG)
        assert name.lower().endswith(".png") and os.sep not in name
        with open(os.path.join(d, name), "rb") as f:
            assert f.read() == PNG


def test_unique_names():
    with tempfile.TemporaryDirectory() as d:
        assert store_avatar(d, "cat.gif", GIF) != store_avatar(d, "cat.gif", GIF)


def test_rejects_other_types():
    with tempfile.TemporaryDirectory() as d:
        try:
            store_avatar(d, "notes.txt", b"hello")
        except ValueError:
            return
        raise AssertionError("text file accepted")
