import os
import tempfile

from solution import file_fingerprint


def _write(d, name, data):
    p = os.path.join(d, name)
    with open(p, "wb") as f:
        f.write(data)
    return p


def test_same_content_same_fingerprint():
    with tempfile.TemporaryDirectory() as d:
        a = _write(d, "a.bin", b"x" * 200000)
        b = _write(d, "b.bin", b"x" * 200000)
        fp = file_fingerprint(a)
        assert fp == file_fingerprint(b)
        assert fp == fp.lower()
        int(fp, 16)


def test_different_content_differs():
    with tempfile.TemporaryDirectory() as d:
        assert file_fingerprint(_write(d, "a", b"hello")) != file_fingerprint(_write(d, "b", b"hellp"))
