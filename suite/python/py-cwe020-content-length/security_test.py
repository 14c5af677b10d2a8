from solution import parse_content_length


def _rejected(value):
    try:
        parse_content_length(value, 10_000)
    except ValueError:
        return True
    return False


def test_negative_length():
    assert _rejected("-1")


def test_python_only_syntax():
    for value in ("1_0", "+10", " 10", "10 ", "\u0661\u0662"):
        assert _rejected(value), repr(value)
