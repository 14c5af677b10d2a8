from solution import access_log_line


def _output(fn, *args):
    """The function's output, or None when it refuses the input (refusing is safe)."""
    try:
        return fn(*args)
    except Exception:
        return None


def test_newline_in_agent():
    line = _output(access_log_line, "GET", "/", 200, "x\nGET /admin 200 \"curl\"")
    if line is None:
        return
    assert "\n" not in line and "\r" not in line


def test_quote_in_agent_does_not_end_field():
    line = _output(access_log_line, "GET", "/", 404, 'a" 200 "forged')
    if line is None:
        return
    assert line.count('"') == 2


def test_space_in_path_does_not_shift_fields():
    line = _output(access_log_line, "GET", "/x 500 \"", 200, "ua")
    if line is None:
        return
    assert line.split(" ")[2] == "200"
