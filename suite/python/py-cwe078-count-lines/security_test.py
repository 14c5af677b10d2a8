import os
import tempfile

from solution import count_lines


def _attempt(payload):
    try:
        count_lines(payload)
    except Exception:
        pass


def test_semicolon_injection():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"/dev/null; touch {marker}")
        assert not os.path.exists(marker)


def test_command_substitution():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"$(touch {marker})")
        assert not os.path.exists(marker)
