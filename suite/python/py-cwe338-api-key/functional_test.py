import re

from solution import generate_api_key


def test_format():
    assert re.fullmatch(r"sk_[0-9a-f]{40}", generate_api_key())


def test_custom_prefix():
    assert re.fullmatch(r"pk_test_[0-9a-f]{40}", generate_api_key("pk_test_"))


def test_unique():
    assert len({generate_api_key() for _ in range(100)}) == 100
