from solution import safe_next


def test_local_path_kept():
    assert safe_next("/reports/7?tab=2") == "/reports/7?tab=2"


def test_empty_uses_default():
    assert safe_next("") == "/"
    assert safe_next("", "/home") == "/home"


def test_absolute_external_url_rejected():
    assert safe_next("https://evil.example/phish", "/home") == "/home"
