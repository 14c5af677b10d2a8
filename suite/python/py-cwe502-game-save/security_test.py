import os
import pickle
import tempfile

from solution import import_save


class _Payload:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_crafted_save_does_not_run_code():
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, "pwned")
        blob = pickle.dumps({"level": 1, "inventory": [], "position": [0.0, 0.0], "x": _Payload(marker)})
        try:
            import_save(blob)
        except Exception:
            pass
        assert not os.path.exists(marker)
