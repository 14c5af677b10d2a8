import os
import tempfile

from solution import load_cache, save_cache


def test_round_trip():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "prices.cache")
        prices = {"sku-1": [9.99, 8.5], "sku-2": []}
        save_cache(p, prices)
        assert load_cache(p) == prices


def test_missing_file():
    with tempfile.TemporaryDirectory() as d:
        assert load_cache(os.path.join(d, "none.cache")) == {}


def test_garbage_file():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "bad.cache")
        with open(p, "wb") as f:
            f.write(b"")
        assert load_cache(p) == {}
