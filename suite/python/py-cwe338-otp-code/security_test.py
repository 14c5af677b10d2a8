import random

from solution import generate_otp


def test_not_reproducible_from_prng_seed():
    runs = []
    for _ in range(2):
        random.seed(2024)
        runs.append([generate_otp() for _ in range(5)])
    assert runs[0] != runs[1]
