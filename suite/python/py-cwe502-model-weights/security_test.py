import os
import pickle
import tempfile

from solution import load_weights


class _Payload:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


class _Shell:
    def __init__(self, cmd):
        self.cmd = cmd

    def __reduce__(self):
        return (os.system, (self.cmd,))


def _attempt(obj):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "model.pkl")
        with open(p, "wb") as f:
            pickle.dump(obj, f)
        try:
            load_weights(p)
        except Exception:
            pass


def test_open_gadget():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt({"weights": _Payload(marker)})
        assert not os.path.exists(marker)


def test_os_system_gadget():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        _attempt(_Shell(f"touch {marker}"))
        assert not os.path.exists(marker)
