from solution import parse_content_length


def test_valid():
    assert parse_content_length("0", 100) == 0
    assert parse_content_length("42", 100) == 42


def test_too_large():
    try:
        parse_content_length("101", 100)
    except ValueError:
        return
    raise AssertionError("oversized body accepted")


def test_garbage():
    try:
        parse_content_length("abc", 100)
    except ValueError:
        return
    raise AssertionError("garbage accepted")
