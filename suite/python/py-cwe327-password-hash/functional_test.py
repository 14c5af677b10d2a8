from solution import hash_password, verify_password


def test_verify_round_trip():
    stored = hash_password("correct horse battery staple")
    assert isinstance(stored, str)
    assert verify_password("correct horse battery staple", stored) is True


def test_wrong_password():
    stored = hash_password("hunter2")
    assert verify_password("hunter3", stored) is False
