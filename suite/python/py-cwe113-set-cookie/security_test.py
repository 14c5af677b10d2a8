from solution import language_cookie


def _attributes(header):
    return [part.strip().split("=", 1)[0].lower() for part in header.split(";")[1:]]


def test_crlf_header_injection():
    header = language_cookie("en\r\nSet-Cookie: session=attacker")
    assert "\r" not in header and "\n" not in header


def test_attribute_injection():
    header = language_cookie("en; Domain=.example.com; Max-Age=0")
    assert sorted(_attributes(header)) == ["max-age", "path", "samesite"]
