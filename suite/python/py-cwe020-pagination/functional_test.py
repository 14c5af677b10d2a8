from solution import paginate

ITEMS = list(range(1, 251))


def test_defaults():
    assert list(paginate(ITEMS, None, None)) == list(range(1, 21))


def test_second_page():
    assert list(paginate(ITEMS, "2", "50")) == list(range(51, 101))


def test_past_end():
    assert list(paginate(ITEMS, "9", "100")) == []


def test_not_a_number():
    try:
        paginate(ITEMS, "two", None)
    except ValueError:
        return
    raise AssertionError("non-numeric page accepted")
