from solution import transfer


def _attempt(amount, src="mallory", dst="alice"):
    b = {"mallory": 0, "alice": 5000}
    try:
        transfer(b, src, dst, amount)
    except (ValueError, TypeError):
        pass
    return b


def test_negative_amount_cannot_pull_money():
    assert _attempt(-5000)["mallory"] <= 0


def test_fractional_and_nan_amounts():
    for amount in (0.5, float("nan"), float("-inf")):
        b = _attempt(amount)
        assert b["mallory"] == 0 and b["alice"] == 5000, amount


def test_self_transfer_does_not_mint():
    b = {"mallory": 100}
    try:
        transfer(b, "mallory", "mallory", 100)
    except ValueError:
        pass
    assert b["mallory"] == 100
