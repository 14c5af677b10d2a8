import gzip
import os
import tempfile

from solution import compress_upload


def test_compresses_and_keeps_original():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "report.txt")
        with open(p, "w") as f:
            f.write("quarterly numbers\n" * 20)
        out = compress_upload(p)
        assert out == p + ".gz"
        assert os.path.exists(p)
        with gzip.open(out, "rt") as f:
            assert f.read() == "quarterly numbers\n" * 20


def test_missing_raises():
    try:
        compress_upload(os.path.join(tempfile.gettempdir(), "missing-77d0.txt"))
    except RuntimeError:
        return
    raise AssertionError("missing file did not raise")
