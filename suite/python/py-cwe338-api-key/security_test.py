import random

from solution import generate_api_key


def _mersenne_twister_draws(fn):
    # Records draws from random.Random (the Mersenne Twister behind the random module and any
    # random.Random() instance); random.SystemRandom and secrets override these methods.
    calls = []
    saved = {name: random.Random.__dict__.get(name) for name in ("random", "getrandbits")}

    def spy(name):
        original = getattr(random.Random, name)

        def wrapper(self, *args):
            calls.append(name)
            return original(self, *args)

        return wrapper

    for name in saved:
        setattr(random.Random, name, spy(name))
    try:
        fn()
    finally:
        for name, old in saved.items():
            if old is None:
                delattr(random.Random, name)
            else:
                setattr(random.Random, name, old)
    return calls


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


def test_no_mersenne_twister_draws():
    assert _mersenne_twister_draws(lambda: [generate_api_key() for _ in range(3)]) == []
