import json
import os
import tempfile

from solution import store_credentials


def test_writes_json():
    with tempfile.TemporaryDirectory() as d:
        cfg = os.path.join(d, ".config", "tool")
        path = store_credentials(cfg, "ann", "tok_123")
        assert os.path.abspath(path) == os.path.abspath(os.path.join(cfg, "credentials.json"))
        with open(path) as f:
            assert json.load(f) == {"username": "ann", "token": "tok_123"}


def test_replaces():
    with tempfile.TemporaryDirectory() as d:
        store_credentials(d, "ann", "old")
        path = store_credentials(d, "ann", "new")
        with open(path) as f:
            assert json.load(f)["token"] == "new"
