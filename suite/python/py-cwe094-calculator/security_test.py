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


def test_builtins_reached_through_subclasses():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"""[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0].__init__.__globals__['__builtins__']['open']('{marker}', 'w') and 1""")
        assert not os.path.exists(marker)
