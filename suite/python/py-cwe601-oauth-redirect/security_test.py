from urllib.parse import urlsplit

from solution import authorization_redirect

REGISTERED = ["https://app.client.example/oauth/cb", "https://app.client.example"]


def _host(uri):
    try:
        return urlsplit(authorization_redirect(uri, REGISTERED, "secret-code", "s")).hostname
    except ValueError:
        return "app.client.example"


def test_prefix_domain():
    assert _host("https://app.client.example.evil.example/steal") == "app.client.example"


def test_userinfo_trick():
    assert _host("https://app.client.example@evil.example/steal") == "app.client.example"
