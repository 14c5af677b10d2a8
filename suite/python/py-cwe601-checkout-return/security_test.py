from urllib.parse import urlsplit

from solution import checkout_return_url

HOSTS = {"shop.example.com"}


def _lands_on(url):
    try:
        target = checkout_return_url(url, HOSTS)
    except ValueError:
        return "shop.example.com"
    return urlsplit(target.replace("\\", "/")).hostname


def test_host_in_query():
    assert _lands_on("https://evil.example/?next=shop.example.com") == "shop.example.com"


def test_host_as_subdomain_prefix():
    assert _lands_on("https://shop.example.com.evil.example/") == "shop.example.com"


def test_host_as_userinfo():
    assert _lands_on("https://shop.example.com@evil.example/") == "shop.example.com"
