import string

from solution import make_reset_token


def test_format():
    t = make_reset_token()
    assert len(t) == 32
    assert set(t) <= set(string.ascii_letters + string.digits)


def test_unique():
    assert len({make_reset_token() for _ in range(200)}) == 200
