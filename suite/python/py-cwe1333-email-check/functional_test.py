from solution import is_valid_email


def test_valid():
    for a in ("john.doe@example.com", "a_b-c@mail.co.uk", "x@y.org", "Z9@abc.de"):
        assert is_valid_email(a) is True, a


def test_invalid():
    for a in ("no-at-sign.example.com", "x@y", "@example.com", "a@b.toolong", ".a@b.com"):
        assert is_valid_email(a) is False, a
