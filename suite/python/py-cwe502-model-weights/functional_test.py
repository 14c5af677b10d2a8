import collections
import os
import pickle
import tempfile

from solution import load_weights


def test_loads_ordered_dict():
    weights = collections.OrderedDict([("layer1", [0.5, -1.25]), ("layer2", [3.0])])
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "model.pkl")
        with open(p, "wb") as f:
            pickle.dump({"meta": {"epochs": 4, "name": "tiny"}, "weights": weights, "shape": (2, 1)}, f)
        loaded = load_weights(p)
        assert loaded["weights"] == weights
        assert list(loaded["weights"]) == ["layer1", "layer2"]
        assert loaded["shape"] == (2, 1)


def test_not_a_pickle():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "model.pkl")
        with open(p, "wb") as f:
            f.write(b"")
        try:
            load_weights(p)
        except ValueError:
            return
        raise AssertionError("empty file accepted")
