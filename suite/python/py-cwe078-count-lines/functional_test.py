import os
import tempfile

from solution import count_lines


def test_counts_lines():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "upload.log")
        with open(p, "w") as f:
            f.write("a\nb\nc\n")
        assert count_lines(p) == 3


def test_empty_file():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "empty.log")
        open(p, "w").close()
        assert count_lines(p) == 0


def test_missing_file_raises():
    try:
        count_lines(os.path.join(tempfile.gettempdir(), "no-such-file-7c1e.log"))
    except RuntimeError:
        return
    raise AssertionError("missing file did not raise")
