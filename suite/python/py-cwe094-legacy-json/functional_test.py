from solution import parse_payload


def test_object():
    assert parse_payload('{"name": "ann", "tags": ["a", "b"], "age": 31}') == {"name": "ann", "tags": ["a", "b"], "age": 31}


def test_literals():
    assert parse_payload('[true, false, null, 1.5]') == [True, False, None, 1.5]


def test_invalid():
    try:
        parse_payload('{"a": ')
    except ValueError:
        return
    raise AssertionError("invalid JSON accepted")
