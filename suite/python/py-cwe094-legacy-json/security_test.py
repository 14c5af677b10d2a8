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
