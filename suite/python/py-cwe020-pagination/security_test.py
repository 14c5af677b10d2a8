from solution import paginate

ITEMS = list(range(1, 251))


def _page(page, per_page):
    try:
        return list(paginate(ITEMS, page, per_page))
    except ValueError:
        return None


def test_oversized_page_is_bounded():
    result = _page("1", "1000000")
    assert result is None or len(result) <= 100


def test_negative_page_does_not_wrap():
    assert _page("-1", "20") in (None, [])


def test_negative_per_page():
    result = _page("1", "-5")
    assert result is None or len(result) <= 100 and result == ITEMS[:len(result)]
    assert result is None or len(result) == 0 or result[0] == 1


def test_zero_page():
    assert _page("0", "20") in (None, [])
