import os
import tempfile

from solution import save_upload


def test_saves_file():
    with tempfile.TemporaryDirectory() as d:
        path = save_upload(d, "invoice.pdf", b"%PDF-1.4")
        assert os.path.dirname(os.path.abspath(path)) == os.path.abspath(d)
        with open(os.path.join(d, "invoice.pdf"), "rb") as f:
            assert f.read() == b"%PDF-1.4"


def test_overwrites():
    with tempfile.TemporaryDirectory() as d:
        save_upload(d, "a.txt", b"one")
        save_upload(d, "a.txt", b"two")
        with open(os.path.join(d, "a.txt"), "rb") as f:
            assert f.read() == b"two"


def test_empty_name_rejected():
    with tempfile.TemporaryDirectory() as d:
        try:
            save_upload(d, "", b"x")
        except ValueError:
            return
        raise AssertionError("empty name accepted")
