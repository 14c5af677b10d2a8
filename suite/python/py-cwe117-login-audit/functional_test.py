from solution import audit_line


def test_success_line():
    assert audit_line("alice", "10.0.0.7", True) == "login ok user=alice ip=10.0.0.7"


def test_failed_line():
    assert audit_line("bob", "192.168.1.2", False) == "login failed user=bob ip=192.168.1.2"


def test_unicode_name_kept():
    assert audit_line("j\u00fcrgen", "::1", True) == "login ok user=j\u00fcrgen ip=::1"
