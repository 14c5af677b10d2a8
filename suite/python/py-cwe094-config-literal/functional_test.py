from solution import parse_setting


def test_literals():
    assert parse_setting("42") == 42
    assert parse_setting(" 3.5 ") == 3.5
    assert parse_setting("'text'") == "text"
    assert parse_setting("[1, 2]") == [1, 2]
    assert parse_setting("{'retries': 3}") == {"retries": 3}
    assert parse_setting("True") is True
    assert parse_setting("None") is None


def test_non_literal_unchanged():
    assert parse_setting("hello world") == "hello world"
