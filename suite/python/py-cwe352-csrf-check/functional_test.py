from solution import csrf_ok


def test_matching_token():
    assert csrf_ok({"csrf_token": "Zk3pQ9"}, {"csrf_token": "Zk3pQ9", "amount": "10"}) is True


def test_wrong_token():
    assert csrf_ok({"csrf_token": "Zk3pQ9"}, {"csrf_token": "AAAAAA"}) is False


def test_missing_form_token():
    assert csrf_ok({"csrf_token": "Zk3pQ9"}, {"amount": "10"}) is False
