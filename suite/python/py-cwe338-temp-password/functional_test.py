import string

from solution import temporary_password


def test_requirements():
    for _ in range(50):
        pw = temporary_password()
        assert len(pw) == 12
        assert set(pw) <= set(string.ascii_letters + string.digits)
        assert any(c.islower() for c in pw) and any(c.isupper() for c in pw) and any(c.isdigit() for c in pw)


def test_length_and_minimum():
    assert len(temporary_password(20)) == 20
    try:
        temporary_password(6)
    except ValueError:
        return
    raise AssertionError("short length accepted")
