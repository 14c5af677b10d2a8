import os
import stat
import tempfile

from solution import save_private_key


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_key_is_owner_only():
    old = os.umask(0o022)
    try:
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "server.key")
            save_private_key(p, b"KEY")
            assert _mode(p) & 0o077 == 0, oct(_mode(p))
    finally:
        os.umask(old)


def test_replaced_key_is_owner_only():
    old = os.umask(0o022)
    try:
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "server.key")
            with open(p, "wb") as f:
                f.write(b"old")
            os.chmod(p, 0o644)
            save_private_key(p, b"KEY")
            assert _mode(p) & 0o077 == 0, oct(_mode(p))
    finally:
        os.umask(old)
