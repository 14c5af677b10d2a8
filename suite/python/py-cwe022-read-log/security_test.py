import os
import tempfile

from solution import tail_log


def _attempt(base, name):
    try:
        return list(tail_log(base, name))
    except Exception:
        return []


def test_sibling_directory_with_common_prefix():
    with tempfile.TemporaryDirectory() as d:
        base = os.path.join(d, "logs")
        os.mkdir(base)
        os.mkdir(os.path.join(d, "logs-archive"))
        with open(os.path.join(d, "logs-archive", "payroll.csv"), "w") as f:
            f.write("ceo,1000000\n")
        assert "ceo,1000000" not in _attempt(base, "../logs-archive/payroll.csv")


def test_parent_traversal():
    with tempfile.TemporaryDirectory() as d:
        base = os.path.join(d, "logs")
        os.mkdir(base)
        with open(os.path.join(d, "shadow"), "w") as f:
            f.write("root:x\n")
        assert "root:x" not in _attempt(base, "../shadow")
