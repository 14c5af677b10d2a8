from solution import audit_line


def test_newline_forges_entry():
    line = audit_line("mallory\nlogin ok user=admin ip=10.0.0.1", "203.0.113.9", False)
    assert "\n" not in line
    assert line.startswith("login failed user=mallory")


def test_carriage_return_and_controls():
    line = audit_line("eve\r\x1b[2Kadmin", "203.0.113.9", False)
    assert "\r" not in line and "\x1b" not in line
