from solution import cart_total

PRICES = {"mug": 1299, "tee": 2500}


def _total(lines):
    try:
        return cart_total(lines, PRICES)
    except ValueError:
        return None


def test_negative_quantity_discount():
    total = _total([("tee", "4"), ("mug", "-7")])
    assert total is None or total >= 4 * 2500


def test_zero_quantity_line():
    assert _total([("mug", "0")]) in (None, 0)


def test_total_never_negative():
    assert _total([("mug", "-1")]) is None
