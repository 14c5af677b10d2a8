from solution import user_api_url


def test_plain_id():
    assert user_api_url("u_123") == "http://users.internal:8080/api/users/u_123"


def test_space_encoded():
    assert user_api_url("jane doe") == "http://users.internal:8080/api/users/jane%20doe"


def test_empty_rejected():
    try:
        user_api_url("")
    except ValueError:
        return
    raise AssertionError("empty id accepted")
