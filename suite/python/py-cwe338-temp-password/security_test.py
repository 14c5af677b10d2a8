import random

from solution import temporary_password


def test_not_reproducible_from_prng_seed():
    random.seed(7)
    a = temporary_password()
    random.seed(7)
    b = temporary_password()
    assert a != b
