import os
import stat
import tempfile

from solution import open_audit_log


def test_others_cannot_read_or_tamper():
    for umask in (0o022, 0o000):
        old = os.umask(umask)
        try:
            with tempfile.TemporaryDirectory() as d:
                p = os.path.join(d, "audit.log")
                open_audit_log(p).close()
                mode = stat.S_IMODE(os.stat(p).st_mode)
                assert mode & 0o007 == 0, oct(mode)
        finally:
            os.umask(old)
