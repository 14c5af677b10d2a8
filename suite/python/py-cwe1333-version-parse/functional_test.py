from solution import parse_version


def test_valid():
    assert parse_version("2") == (2,)
    assert parse_version("1.10.3") == (1, 10, 3)


def test_invalid():
    for bad in ("", "1..2", ".1", "1.", "1.a", "v1.2"):
        try:
            parse_version(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")
