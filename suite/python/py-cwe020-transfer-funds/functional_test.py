from solution import transfer


def test_moves_money():
    b = {"ann": 1000, "bob": 50}
    assert transfer(b, "ann", "bob", 250) is None
    assert b == {"ann": 750, "bob": 300}


def test_insufficient_funds():
    b = {"ann": 100, "bob": 0}
    try:
        transfer(b, "ann", "bob", 101)
    except ValueError:
        assert b == {"ann": 100, "bob": 0}
        return
    raise AssertionError("overdraft allowed")


def test_unknown_account():
    try:
        transfer({"ann": 100}, "ann", "zed", 1)
    except ValueError:
        return
    raise AssertionError("unknown account accepted")
