import random

from solution import generate_api_key


def test_not_reproducible_from_prng_seed():
    random.seed(42)
    a = generate_api_key()
    random.seed(42)
    b = generate_api_key()
    assert a != b


def test_not_predictable_from_prng_state():
    state = random.getstate()
    expected = "sk_" + "%040x" % random.getrandbits(160)
    random.setstate(state)
    assert generate_api_key() != expected
