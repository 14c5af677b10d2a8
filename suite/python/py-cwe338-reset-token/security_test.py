import random

from solution import make_reset_token


def test_not_reproducible_from_prng_seed():
    random.seed(1337)
    first = make_reset_token()
    random.seed(1337)
    second = make_reset_token()
    assert first != second
