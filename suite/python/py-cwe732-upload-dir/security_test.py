import os
import stat
import tempfile

from solution import ensure_upload_dir


def test_not_world_writable():
    for umask in (0o022, 0o000):
        old = os.umask(umask)
        try:
            with tempfile.TemporaryDirectory() as d:
                p = os.path.join(d, "uploads")
                ensure_upload_dir(p)
                mode = stat.S_IMODE(os.stat(p).st_mode)
                assert mode & 0o002 == 0, oct(mode)
        finally:
            os.umask(old)
