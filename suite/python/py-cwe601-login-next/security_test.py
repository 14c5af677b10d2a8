from urllib.parse import urljoin, urlsplit

from solution import safe_next


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


def _browser_host(location):
    if location is None:
        return "app.example.com"
    # Browsers read "\" as "/" and drop tabs and newlines before resolving a Location header.
    cleaned = "".join(ch for ch in location.replace("\\", "/") if ch not in "\t\r\n")
    return urlsplit(urljoin("https://app.example.com/login", cleaned)).hostname


def test_scheme_relative_url():
    assert _browser_host(_output(safe_next, "//evil.example/phish")) == "app.example.com"


def test_backslash_trick():
    assert _browser_host(_output(safe_next, "/\\evil.example/phish")) == "app.example.com"


def test_tab_trick():
    assert _browser_host(_output(safe_next, "/\t/evil.example/phish")) == "app.example.com"
