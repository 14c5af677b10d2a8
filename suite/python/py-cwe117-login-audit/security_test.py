from solution import audit_line


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


def test_newline_forges_entry():
    line = _output(audit_line, "mallory\nlogin ok user=admin ip=10.0.0.1", "203.0.113.9", False)
    if line is None:
        return
    assert "\n" not in line
    assert line.startswith("login failed user=mallory")


def test_carriage_return():
    line = _output(audit_line, "eve\rlogin ok user=admin", "203.0.113.9", False)
    if line is None:
        return
    assert "\r" not in line
