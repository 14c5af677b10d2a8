import os
import tempfile

from solution import calculate


def _attempt(expr):
    try:
        return calculate(expr)
    except Exception:
        return None


def test_import_os():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"__import__('os').system('touch {marker}')")
        assert not os.path.exists(marker)


def test_open_file():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"open('{marker}', 'w').close() or 1")
        assert not os.path.exists(marker)


def test_read_secret():
    with tempfile.TemporaryDirectory() as d:
        secret = os.path.join(d, "key")
        with open(secret, "w") as f:
            f.write("12345")
        assert _attempt(f"int(open('{secret}').read())") != 12345
