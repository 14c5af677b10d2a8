import hashlib
import os
import tempfile

from solution import file_fingerprint


def test_collision_resistant_hash():
    data = b"quarterly report v2\n" * 100
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "r.txt")
        with open(p, "wb") as f:
            f.write(data)
        fp = file_fingerprint(p).lower()
    assert fp not in (hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest())
    assert len(fp) >= 64
