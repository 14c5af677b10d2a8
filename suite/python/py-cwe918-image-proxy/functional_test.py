from solution import proxy_source


def test_cdn_url():
    assert proxy_source("https://images.example-cdn.com/u/42/cat.png") == "https://images.example-cdn.com/u/42/cat.png"


def test_other_host():
    assert proxy_source("https://example.org/cat.png") is None


def test_plain_http():
    assert proxy_source("http://images.example-cdn.com/cat.png") is None
