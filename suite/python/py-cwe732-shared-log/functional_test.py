import os
import tempfile

from solution import open_audit_log


def test_append():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "audit.log")
        with open_audit_log(p) as f:
            f.write("one\n")
        with open_audit_log(p) as f:
            f.write("two\n")
        with open(p) as f:
            assert f.read() == "one\ntwo\n"
