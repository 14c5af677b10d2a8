from solution import language_cookie


def test_simple():
    assert language_cookie("de") == "lang=de; Path=/; Max-Age=31536000; SameSite=Lax"


def test_region_code():
    assert language_cookie("pt-BR") == "lang=pt-BR; Path=/; Max-Age=31536000; SameSite=Lax"
