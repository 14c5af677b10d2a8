import os
import tempfile

from solution import parse_payload


def _attempt(text):
    try:
        return parse_payload(text)
    except Exception:
        return None


def test_expression_not_executed():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(f'{{"a": __import__("os").system("touch {marker}")}}')
        assert not os.path.exists(marker)


def test_non_json_rejected():
    assert _attempt("[1 + 1]") is None


def test_builtins_reached_through_subclasses():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        gadget = ('[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == "_wrap_close"][0]'
                  '.__init__.__globals__["__builtins__"]["open"]')
        _attempt('{"a": ' + gadget + '("' + marker + '", "w")}')
        assert not os.path.exists(marker)
