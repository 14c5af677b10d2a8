from solution import csrf_ok


def test_fresh_session_without_token():
    # A victim whose session never rendered a form, hit by a cross-site POST without the field.
    assert not csrf_ok({}, {"to": "attacker", "amount": "1000"})


def test_empty_tokens():
    assert not csrf_ok({"csrf_token": ""}, {"csrf_token": ""})
