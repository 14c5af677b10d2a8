from solution import is_valid_hostname


def test_valid():
    for n in ("example.com", "www.example.com.", "a-b.c1.io", "localhost", "x" * 63 + ".org"):
        assert is_valid_hostname(n) is True, n


def test_invalid():
    for n in ("", "-a.com", "a-.com", "a..com", "under_score.com", "x" * 64 + ".org", "a." * 130 + "com"):
        assert is_valid_hostname(n) is False, n
