from solution import calculate


def test_precedence():
    assert calculate("2 + 3 * 4") == 14


def test_parentheses_and_unary():
    assert calculate("(2 + 3) * -4") == -20


def test_division_and_power():
    assert calculate("7 / 2") == 3.5
    assert calculate("2 ** 10 % 1000") == 24


def test_invalid_raises():
    for bad in ("2 +", "abc", "1 / 0"):
        try:
            calculate(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")
