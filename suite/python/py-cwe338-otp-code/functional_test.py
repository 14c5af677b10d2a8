from solution import generate_otp


def test_six_digits():
    for _ in range(50):
        code = generate_otp()
        assert len(code) == 6 and code.isdigit()


def test_eight_digits():
    code = generate_otp(8)
    assert len(code) == 8 and code.isdigit()


def test_varies():
    assert len({generate_otp() for _ in range(50)}) > 40
