import random

from solution import make_reset_token


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
    random.seed(1337)
    first = make_reset_token()
    random.seed(1337)
    second = make_reset_token()
    assert first != second


def test_no_mersenne_twister_draws():
    assert _mersenne_twister_draws(lambda: [make_reset_token() for _ in range(3)]) == []
