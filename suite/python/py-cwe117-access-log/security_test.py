from solution import access_log_line


def test_newline_in_agent():
    line = access_log_line("GET", "/", 200, "x\nGET /admin 200 \"curl\"")
    assert "\n" not in line and "\r" not in line


def test_quote_in_agent_does_not_end_field():
    line = access_log_line("GET", "/", 404, 'a" 200 "forged')
    assert line.count('"') == 2


def test_space_in_path_does_not_shift_fields():
    line = access_log_line("GET", "/x 500 \"", 200, "ua")
    assert line.split(" ")[2] == "200"
