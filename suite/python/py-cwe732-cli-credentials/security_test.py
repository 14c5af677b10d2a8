import os
import stat
import tempfile

from solution import store_credentials


def test_credentials_not_readable_by_others():
    old = os.umask(0o022)
    try:
        with tempfile.TemporaryDirectory() as d:
            path = store_credentials(os.path.join(d, "tool"), "ann", "tok_secret")
            mode = stat.S_IMODE(os.stat(path).st_mode)
            assert mode & 0o077 == 0, oct(mode)
    finally:
        os.umask(old)
