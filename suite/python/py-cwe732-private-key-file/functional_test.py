import os
import tempfile

from solution import save_private_key

PEM = b"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"


def test_writes_key():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "server.key")
        assert save_private_key(p, PEM) is None
        with open(p, "rb") as f:
            assert f.read() == PEM


def test_replaces_key():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "server.key")
        save_private_key(p, b"old" * 100)
        save_private_key(p, PEM)
        with open(p, "rb") as f:
            assert f.read() == PEM
