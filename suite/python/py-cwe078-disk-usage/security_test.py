import os
import tempfile

from solution import disk_usage_kb


def _attempt(path):
    try:
        disk_usage_kb(path)
    except Exception:
        pass


def test_command_substitution():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"{d}/$(touch {marker})")
        assert not os.path.exists(marker)


def test_and_chain():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"{d} && touch {marker}")
        assert not os.path.exists(marker)
