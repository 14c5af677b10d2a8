from solution import login

USERS = {"ann": "correct horse", "bob": "hunter2"}


def test_no_account_enumeration():
    _, wrong_password = login(USERS, "bob", "guess")
    _, no_account = login(USERS, "carol", "guess")
    assert wrong_password.replace("bob", "X") == no_account.replace("carol", "X")
    assert "carol" not in no_account
