from solution import logout_return


def test_subdomain_allowed():
    assert logout_return("https://wiki.example.com/page/1") == "https://wiki.example.com/page/1"


def test_apex_allowed():
    assert logout_return("https://example.com/bye") == "https://example.com/bye"


def test_other_site_replaced():
    assert logout_return("https://other.org/") == "https://example.com/"


def test_http_replaced():
    assert logout_return("http://wiki.example.com/") == "https://example.com/"
