import os
import tempfile

from solution import make_filter


def _attempt(rule):
    try:
        make_filter(rule)({"age": 1})
    except Exception:
        pass


def test_subclass_escape_to_builtins():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        rule = ("[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0]"
                f".__init__.__globals__['__builtins__']['open']('{marker}', 'w') and age > 0")
        _attempt(rule)
        assert not os.path.exists(marker)


def test_function_call_rejected():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f"__import__('os').system('touch {marker}')")
        assert not os.path.exists(marker)
