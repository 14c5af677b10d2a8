import os
import pickle
import tempfile

from solution import load_cache


class _Payload:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_planted_pickle_not_executed():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        cache = os.path.join(d, "prices.cache")
        with open(cache, "wb") as f:
            pickle.dump({"sku-1": _Payload(marker)}, f)
        try:
            load_cache(cache)
        except Exception:
            pass
        assert not os.path.exists(marker)
