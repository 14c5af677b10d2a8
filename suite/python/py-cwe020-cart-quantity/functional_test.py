from solution import cart_total

PRICES = {"mug": 1299, "tee": 2500}


def test_total():
    assert cart_total([("mug", "2"), ("tee", "1")], PRICES) == 5098


def test_bad_input():
    for lines in ([("mug", "abc")], [("hat", "1")], [("mug", "100")]):
        try:
            cart_total(lines, PRICES)
        except ValueError:
            continue
        raise AssertionError(f"{lines} accepted")
