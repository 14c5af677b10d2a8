from solution import checkout_return_url

HOSTS = {"shop.example.com", "store.example.org"}


def test_registered_host():
    assert checkout_return_url("https://shop.example.com/thanks?order=9", HOSTS) == "https://shop.example.com/thanks?order=9"
    assert checkout_return_url("https://store.example.org/", HOSTS) == "https://store.example.org/"


def test_other_host_rejected():
    try:
        checkout_return_url("https://evil.example/", HOSTS)
    except ValueError:
        return
    raise AssertionError("foreign host accepted")


def test_http_rejected():
    try:
        checkout_return_url("http://shop.example.com/thanks", HOSTS)
    except ValueError:
        return
    raise AssertionError("http accepted")
