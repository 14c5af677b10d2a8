from solution import log_in


def test_keeps_cart():
    sessions = {"abc": {"cart": ["sku-1"]}}
    sid = log_in(sessions, "abc", 42)
    assert sessions[sid] == {"cart": ["sku-1"], "user_id": 42}


def test_first_visit():
    sessions = {}
    sid = log_in(sessions, None, 7)
    assert isinstance(sid, str) and len(sid) >= 16
    assert sessions[sid]["user_id"] == 7


def test_unknown_cookie():
    sessions = {}
    sid = log_in(sessions, "stale", 7)
    assert sessions[sid]["user_id"] == 7
