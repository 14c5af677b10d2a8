from solution import access_log_line


def test_line():
    assert access_log_line("GET", "/index.html", 200, "curl/8.0") == 'GET /index.html 200 "curl/8.0"'


def test_agent_with_spaces():
    ua = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"
    assert access_log_line("POST", "/api/v1/items?id=3", 201, ua) == f'POST /api/v1/items?id=3 201 "{ua}"'
