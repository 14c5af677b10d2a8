from solution import login

USERS = {"ann": "correct horse", "bob": "hunter2"}


def test_success():
    assert tuple(login(USERS, "ann", "correct horse")) == (True, "Welcome back, ann!")


def test_failures():
    ok, msg = login(USERS, "bob", "nope")
    assert ok is False and isinstance(msg, str) and msg
    ok, msg = login(USERS, "zed", "nope")
    assert ok is False and msg
