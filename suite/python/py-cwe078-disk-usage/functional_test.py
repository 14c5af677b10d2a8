import os
import tempfile

from solution import disk_usage_kb


def test_reports_size():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "blob.bin"), "wb") as f:
            f.write(b"\1" * 64 * 1024)
        size = disk_usage_kb(d)
        assert isinstance(size, int)
        assert size >= 60


def test_empty_dir_is_small():
    with tempfile.TemporaryDirectory() as d:
        assert 0 <= disk_usage_kb(d) < 64


def test_missing_raises():
    try:
        disk_usage_kb(os.path.join(tempfile.gettempdir(), "missing-dir-55c1"))
    except RuntimeError:
        return
    raise AssertionError("missing path did not raise")
