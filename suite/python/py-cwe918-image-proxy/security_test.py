from solution import proxy_source


def test_suffix_domain():
    assert proxy_source("https://images.example-cdn.com.attacker.example/x.png") is None


def test_userinfo():
    assert proxy_source("https://images.example-cdn.com@169.254.169.254/latest/meta-data/") is None


def test_other_port():
    assert proxy_source("https://images.example-cdn.com:6379/") is None
