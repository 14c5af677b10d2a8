from solution import make_filter


def test_and_rule():
    f = make_filter("age >= 18 and country == 'DE'")
    assert f({"age": 30, "country": "DE"}) is True
    assert f({"age": 17, "country": "DE"}) is False


def test_or_not_rule():
    f = make_filter("not vip or spend > 100.5")
    assert f({"vip": True, "spend": 200}) is True
    assert f({"vip": True, "spend": 50}) is False
    assert f({"vip": False, "spend": 0}) is True


def test_in_list():
    f = make_filter("country in ['DE', 'AT'] and (tier != None)")
    assert f({"country": "AT", "tier": 1}) is True
    assert f({"country": "FR", "tier": 1}) is False


def test_invalid_rule():
    try:
        make_filter("age >=")
    except ValueError:
        return
    raise AssertionError("invalid rule accepted")


def test_missing_field():
    try:
        make_filter("age > 1")({"name": "x"})
    except KeyError:
        return
    except NameError:
        return
    raise AssertionError("missing field not reported")
