from solution import proxy_source


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


def test_suffix_domain():
    assert _output(proxy_source, "https://images.example-cdn.com.attacker.example/x.png") is None


def test_userinfo():
    assert _output(proxy_source, "https://images.example-cdn.com@169.254.169.254/latest/meta-data/") is None


def test_other_port():
    assert _output(proxy_source, "https://images.example-cdn.com:6379/") is None
