import os
import tempfile

from solution import tail_log


def _logs(d):
    base = os.path.join(d, "logs")
    os.makedirs(os.path.join(base, "worker"))
    with open(os.path.join(base, "worker", "today.log"), "w") as f:
        f.write("".join(f"line {i}\n" for i in range(1, 21)))
    return base


def test_last_lines():
    with tempfile.TemporaryDirectory() as d:
        assert list(tail_log(_logs(d), "worker/today.log", 3)) == ["line 18", "line 19", "line 20"]


def test_default_ten():
    with tempfile.TemporaryDirectory() as d:
        assert len(tail_log(_logs(d), "worker/today.log")) == 10


def test_missing_file():
    with tempfile.TemporaryDirectory() as d:
        try:
            tail_log(_logs(d), "worker/none.log")
        except FileNotFoundError:
            return
        raise AssertionError("missing file did not raise")
