import os
import stat
import tempfile

from solution import ensure_upload_dir


def test_creates_nested():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "var", "uploads")
        assert ensure_upload_dir(p) == p
        assert os.path.isdir(p)
        with open(os.path.join(p, "a.txt"), "w") as f:
            f.write("x")


def test_existing_ok_and_owner_can_write_under_strict_umask():
    old = os.umask(0o077)
    try:
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "uploads")
            os.mkdir(p, 0o500)
            ensure_upload_dir(p)
            assert stat.S_IMODE(os.stat(p).st_mode) & 0o700 == 0o700
    finally:
        os.umask(old)
