from urllib.parse import parse_qs, urlsplit

from solution import authorization_redirect

REGISTERED = ["https://app.client.example/oauth/cb", "https://app.client.example"]


def test_registered_uri():
    url = authorization_redirect("https://app.client.example/oauth/cb", REGISTERED, "abc123", "xyz")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "app.client.example", "/oauth/cb")
    assert parse_qs(parts.query) == {"code": ["abc123"], "state": ["xyz"]}


def test_existing_query_kept():
    url = authorization_redirect("https://app.client.example/oauth/cb?v=2", ["https://app.client.example/oauth/cb?v=2"], "c", "s")
    assert parse_qs(urlsplit(url).query) == {"v": ["2"], "code": ["c"], "state": ["s"]}


def test_unregistered_rejected():
    try:
        authorization_redirect("https://other.example/cb", REGISTERED, "c", "s")
    except ValueError:
        return
    raise AssertionError("unregistered redirect_uri accepted")
