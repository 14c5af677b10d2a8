from solution import audit_line


def test_newline_forges_entry():
    line = audit_line("mallory\nlogin ok user=admin ip=10.0.0.1", "203.0.113.9", False)
    assert "\n" not in line
    assert line.startswith("login failed user=mallory")


def test_carriage_return():
    line = audit_line("eve\rlogin ok user=admin", "203.0.113.9", False)
    assert "\r" not in line
