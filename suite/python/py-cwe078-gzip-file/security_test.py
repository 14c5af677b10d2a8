import os
import tempfile

from solution import compress_upload


def _attempt(path):
    try:
        compress_upload(path)
    except Exception:
        pass


def test_pipe_injection():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"{d}/a.txt | touch {marker}")
        assert not os.path.exists(marker)


def test_newline_injection():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"{d}/a.txt\ntouch {marker}")
        assert not os.path.exists(marker)
