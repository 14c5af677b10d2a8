from urllib.parse import urlsplit

from solution import logout_return


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


def _browser_host(location):
    if location is None:
        return "example.com"
    cleaned = "".join(ch for ch in location.replace("\\", "/") if ch not in "\t\r\n")
    return (urlsplit(cleaned).hostname or "").lower()


def _ok(host):
    return host == "example.com" or host.endswith(".example.com")


def test_lookalike_domain():
    assert _ok(_browser_host(_output(logout_return, "https://attacker-example.com/")))


def test_backslash_userinfo_trick():
    assert _ok(_browser_host(_output(logout_return, "https://evil.example\\@example.com/")))
